"""Root words (kata dasar) for the Indonesian stemmer.

A compact, hand-made list of roots common in government administration and correspondence
(surat dinas, kepegawaian, keuangan, kearsipan, pemerintahan kecamatan), plus the roots that
occur in the names of the Kode Klasifikasi Arsip (Permendagri 83/2022). Words that are
themselves roots although they look derived (``pemerintah``, ``kecamatan``) are listed so the
stemmer stops there. Changing this list changes index tokens: bump ``ANALYZER_VERSION`` in
``tatausaha/search/text.py`` (the index then asks for a rebuild).
"""

from __future__ import annotations

_ROOTS = """
acara ada adat adil administrasi adu agama agenda agro air ajar ajak aju akal akhir akses akta aktif
akuntansi alam alamat alat alih alir alokasi aman ambil amanat ampu anak analisa analisis anggar anggaran
anggota angka angkat angkut antar anjur apresiasi aparat aparatur aplikasi arah arsip arsiparis asal asas
asing asli aset asuh asuransi atas atur audit awal awas bahan bahas bahasa baik baku balas balai balita
bangun banjir bank bantu banding bangsa banyak barang baru batal batas baca bayar bea beban bebas beda
bekal  belanja beli benar bencana bendahara bentuk berita beritahu berkas
besar biaya bidang bijak bimbing bina bisa bisnis bobot bos buat budaya budi buku bukti bulan bumi buruh
butuh cabut cair calon camat capai cari catat cegah cek cepat cetak cipta cocok cuti daftar daerah dagang
dakwa damai dampak  damping dana dapat darat darurat dasar data datang daya debat dekat denda
desa desain dewan diam didik dinas diri disiplin dokumen dokumentasi domisili dorong dukung duduk dunia
edar  efektif efisien ekonomi ekspedisi ekspor elektronik emas energi evaluasi fasilitas fasilitasi
fisik formasi forum fungsi gabung gaji ganti gedung gelar gerak giat golong  guna gugat guru gudang
hadap hadir hak hakim hal halal hambat harap harga hari hasil hak hibah hidup hilang hitung hormat hubung
hukum hutang ikan ikat ikut iklan iklim ikhtisar ilmu imbau impor inap indah induk industri informasi
ingat inovasi inspeksi instansi instruksi insentif integrasi internal investasi isi istirahat istri izin
jabat jadi jadwal jaga jalan jalin jamin jangka janji jasa jawab jelas jenis jenjang jual jumlah jurnal
kabar kabupaten kaji kali kantor karya kasus kawal  kawin kebun kecil kelola kelompok keluar
 keluh kembang kemas kena kenal kendali kendara kepala kerja kesan ketua khusus kirim kota koordinasi
kredit kuasa kumpul kurang kursus laku lahan lahir laksana lalu lampir  lancar langsung lanjut
lapor  lapang latih layak layan lebih lelang lembaga lengkap lepas lestari lewat libat lihat lindung
lingkung  lintas lisan lokasi lomba luas lulus lunas mahal makan maju malam mampu manfaat
manusia masa masalah masuk masyarakat mata mati media milik minat minta misi mitra modal mohon mulai
muat mudah mufakat mukim murni musyawarah mutasi mutu nama nasional negara negeri nikah nilai nota
nomor norma nyata olah operasi organisasi orang otonomi pajak pakai paket paham panggil panitia pantau
pasang pasar pasti peduli pegang pegawai  pelihara pemerintah pemilu pendapat pengaruh penjara
pensiun penting perintah periksa perkara perlu pesan pesta piagam pidana pihak pikir pilih pimpin pinjam
pindah pisah pokok polisi politik praja prakarsa prasarana program proses proyek pungut punya pusat
putus rakyat rambu ramping rancang rangka rapat rasa rawat realisasi rekam rekap rekomendasi rencana
resmi retribusi ringkas risiko ruang rumah rumus rusak  saing saksi salah salin sama sampai
sampah sandi sarana saran satu sebab sedia sehat sejahtera sekolah sekretaris selenggara selesai seleksi
semangat sempurna serah serta sertifikat setuju siap sidang sikap simpan singkat sipil sistem situasi
sosial sosialisasi statistik status sumbang sumpah surat susun syarat tahan tahap tahu tahun tambah
tamu tanah tanda  tangan tanggal tanggap tanggung tanggungjawab tani tanya tarik tata tatap
teguh teknis teknologi teliti tema tempat tentu terang terap terbit terima terus tetap tiba tindak
tindaklanjut tingkat tinggal tingkat tolak tugas tuju tulis tunda tunggu tunjang tunjuk turun uang ubah
ucap ujar uji ukur ulang umum umur undang unit untuk urus usaha usul  utama wajib wakil waktu
perundang perundangan undangundang pengadaan perdata kasi seksi kasubag sekcam kasubbag keluarga henti naik latih bakar tertib lapor lampir edar jabat golong
walikota wali warga waris warta wawancara wilayah wujud
akhir akui alih aman amat andal angkat ajuk kaji kategori kelurahan kecamatan camat lurah
kades desa dusun rukun rt rw warga  penduduk ktp kk nik nip npwp ktp akta
 beritahu   tanggungjawab
pangkat   pejabat   promosi rotasi mutasi pensiun cuti
sakit bersalin gaji tunjang honor upah insentif lembur
spj kuitansi kwitansi nota faktur pajak ppn pph bendahara belanja anggaran apbd dpa rka
bukti kas tunai transfer rekening bank setor pungut potong
undang rapat koordinasi sosialisasi bimtek musrenbang  diklat
pindah datang lahir mati nikah cerai kawin
sengketa tanah  imb pbb izin usaha
banjir bencana  longsor gempa
 bersih sampah taman jalan jembatan saluran drainase
aman tertib  satpol linmas ronda
didik sekolah guru murid siswa beasiswa
sehat posyandu puskesmas imunisasi gizi stunting vaksin
miskin bantu bansos sembako zakat
pemilu pilkada pilpres suara pilih calon
arsip musnah pindah serah simpan pinjam retensi jra
hadir absen apel upacara ibadah agama kurban
tugas perintah dinas jalan
"""

ROOTS: frozenset[str] = frozenset(_ROOTS.split())

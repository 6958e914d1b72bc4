from tatausaha.cli import main

raise SystemExit(main())

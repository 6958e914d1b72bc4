def main(argv=None):  # placeholder, replaced below
    return 0

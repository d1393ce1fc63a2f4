from personae.cli import main

main()

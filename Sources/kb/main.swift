import KBCommandLine

// kb: every command, on an SQLite file. `kb serve` and commands on a PostgreSQL database are
// handed to kb-net, installed beside it, which links the stacks they need (NetworkHandOver).
KB.main()

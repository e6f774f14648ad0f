import KBCommandLine

// kb-net: kb with the network stacks — the PostgreSQL store and `kb serve`'s HTTP server.
// `kb` hands it the commands that need them; it runs every other command as kb does.
NetworkHandOver.forget()
NetworkStacks.install(NetworkStackOfKBNet())
KB.main()

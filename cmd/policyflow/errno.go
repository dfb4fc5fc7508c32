package main

import "syscall"

var errAddrInUse = syscall.EADDRINUSE

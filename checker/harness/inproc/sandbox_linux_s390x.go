//go:build linux

package inproc

// The numbers of the calls the seccomp filter refuses, and the
// architecture they belong to (AUDIT_ARCH_*).
const (
	auditArch          = 0x80000016
	sysPtrace          = 26
	sysProcessVMReadv  = 340
	sysProcessVMWritev = 341
	foreignCalls       = 0 // numbers from here on belong to another calling convention
)

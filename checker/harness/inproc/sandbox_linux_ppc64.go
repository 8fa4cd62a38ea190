//go:build linux

package inproc

// The numbers of the calls the seccomp filter refuses, and the
// architecture they belong to (AUDIT_ARCH_*).
const (
	auditArch          = 0x80000015
	sysPtrace          = 26
	sysProcessVMReadv  = 351
	sysProcessVMWritev = 352
	foreignCalls       = 0 // numbers from here on belong to another calling convention
)

//go:build linux

package inproc

// The numbers of the calls the seccomp filter refuses, and the
// architecture they belong to (AUDIT_ARCH_*).
const (
	auditArch          = 0x40000003
	sysPtrace          = 26
	sysProcessVMReadv  = 347
	sysProcessVMWritev = 348
	foreignCalls       = 0 // numbers from here on belong to another calling convention
)

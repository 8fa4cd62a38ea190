//go:build linux

package inproc

// The numbers of the calls the seccomp filter refuses, and the
// architecture they belong to (AUDIT_ARCH_*).
const (
	auditArch          = 0xc000003e
	sysPtrace          = 101
	sysProcessVMReadv  = 310
	sysProcessVMWritev = 311
	foreignCalls       = 0x40000000 // numbers from here on belong to another calling convention
)

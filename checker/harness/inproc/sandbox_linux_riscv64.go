//go:build linux

package inproc

// The numbers of the calls the seccomp filter refuses, and the
// architecture they belong to (AUDIT_ARCH_*).
const (
	auditArch          = 0xc00000f3
	sysPtrace          = 117
	sysProcessVMReadv  = 270
	sysProcessVMWritev = 271
	foreignCalls       = 0 // numbers from here on belong to another calling convention
)

//go:build linux && (amd64 || arm64 || 386 || arm || riscv64 || loong64 || ppc64 || ppc64le || s390x)

package inproc

import (
	"syscall"
	"unsafe"
)

// sandbox shuts the program in before any learner code runs, so that what
// Go's memory safety keeps from that code is not to be had another way:
//
//   - its own memory through /proc/self/mem, or a parent's through
//     /proc/<pid>/mem: Landlock takes /proc out of what it may open;
//   - another process's memory through ptrace or process_vm_readv, from a
//     process it starts: a seccomp filter refuses those calls to it and to
//     everything it starts;
//   - files: Landlock lets it read and run files but write none (only
//     /dev/null), so nothing it does outlives the run, neither in the
//     workspace (another exercise's program, the progress) nor in the
//     caches a later run trusts;
//   - signals and abstract sockets of processes outside the program, such
//     as futurelings itself (on Linux 6.12 and later).
//
// It is not dumpable either, so that no core dump holds the key. What the
// kernel cannot do (Landlock came with Linux 5.13) is left undone: the
// checks run all the same.
func sandbox() {
	if _, _, e := syscall.AllThreadsSyscall6(syscall.SYS_PRCTL, prSetNoNewPrivs, 1, 0, 0, 0, 0); e != 0 {
		return
	}
	syscall.RawSyscall6(syscall.SYS_PRCTL, prSetDumpable, 0, 0, 0, 0, 0)
	landlock()
	seccomp()
}

const (
	oPath = 0x200000 // O_PATH, the same on every architecture listed above

	prSetDumpable   = 4
	prSetSeccomp    = 22
	prSetNoNewPrivs = 38
)

// Landlock's system calls have the same numbers on every architecture
// listed above.
const (
	sysLandlockCreateRuleset = 444
	sysLandlockAddRule       = 445
	sysLandlockRestrictSelf  = 446

	landlockCreateRulesetVersion = 1
	landlockRulePathBeneath      = 1

	accessExecute     = 1 << 0
	accessWriteFile   = 1 << 1
	accessReadFile    = 1 << 2
	accessReadDir     = 1 << 3
	accessV1          = 1<<13 - 1 // execute ... make a symbolic link
	accessRefer       = 1 << 13   // ABI 2
	accessTruncate    = 1 << 14   // ABI 3
	scopeAbstractUnix = 1 << 0    // ABI 6
	scopeSignal       = 1 << 1    // ABI 6
)

type rulesetAttr struct {
	handledFS  uint64
	handledNet uint64
	scoped     uint64
}

// pathBeneathAttr is struct landlock_path_beneath_attr, which is packed:
// the kernel reads its first 12 bytes.
type pathBeneathAttr struct {
	allowed  uint64
	parentFD int32
	_        int32
}

func landlock() {
	abi, _, e := syscall.RawSyscall(sysLandlockCreateRuleset, 0, 0, landlockCreateRulesetVersion)
	if e != 0 || int(abi) < 1 {
		return
	}
	attr := rulesetAttr{handledFS: accessV1}
	size := unsafe.Sizeof(attr.handledFS)
	if abi >= 2 {
		attr.handledFS |= accessRefer
	}
	if abi >= 3 {
		attr.handledFS |= accessTruncate
	}
	if abi >= 6 {
		attr.scoped = scopeAbstractUnix | scopeSignal
		size = unsafe.Sizeof(attr)
	}
	fd, _, e := syscall.RawSyscall(sysLandlockCreateRuleset, uintptr(unsafe.Pointer(&attr)), size, 0)
	if e != 0 {
		return
	}
	defer syscall.Close(int(fd))
	// Everything at the top of the file system may be read and run, except
	// /proc; /dev/null may be written too.
	root, err := syscall.Open("/", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	var names []string
	buf := make([]byte, 4096)
	for {
		n, err := syscall.ReadDirent(root, buf)
		if err != nil || n <= 0 {
			break
		}
		_, _, names = syscall.ParseDirent(buf[:n], -1, names)
	}
	syscall.Close(root)
	for _, name := range names {
		if name != "proc" {
			allow(fd, "/"+name, accessExecute|accessReadFile|accessReadDir)
		}
	}
	null := uint64(accessReadFile | accessWriteFile)
	if attr.handledFS&accessTruncate != 0 {
		null |= accessTruncate
	}
	allow(fd, "/dev/null", null)
	syscall.AllThreadsSyscall(sysLandlockRestrictSelf, fd, 0, 0)
}

// allow adds a rule that grants access beneath path (for a file that is
// not a folder, only what applies to files).
func allow(ruleset uintptr, path string, access uint64) {
	fd, err := syscall.Open(path, oPath|syscall.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil {
		return
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFDIR {
		access &^= accessReadDir
	}
	rule := pathBeneathAttr{allowed: access, parentFD: int32(fd)}
	syscall.RawSyscall6(sysLandlockAddRule, ruleset, landlockRulePathBeneath, uintptr(unsafe.Pointer(&rule)), 0, 0, 0)
}

// The seccomp filter: classic BPF over struct seccomp_data, whose system
// call number is at offset 0 and architecture at offset 4.
type sockFilter struct {
	code uint16
	jt   uint8
	jf   uint8
	k    uint32
}

type sockFprog struct {
	len    uint16
	filter *sockFilter
}

const (
	bpfLdAbsW   = 0x20 // BPF_LD | BPF_W | BPF_ABS
	bpfJeqK     = 0x15 // BPF_JMP | BPF_JEQ | BPF_K
	bpfJgeK     = 0x35 // BPF_JMP | BPF_JGE | BPF_K
	bpfRetK     = 0x06 // BPF_RET | BPF_K
	retAllow    = 0x7fff0000
	retEPERM    = 0x00050000 | uint32(syscall.EPERM)
	seccompMode = 2 // SECCOMP_MODE_FILTER
)

// seccomp refuses, with EPERM, the calls that read or write another
// process's memory, and any call made through another architecture's
// calling convention, whose numbers differ.
func seccomp() {
	denied := []uint32{sysPtrace, sysProcessVMReadv, sysProcessVMWritev}
	prog := []sockFilter{
		{code: bpfLdAbsW, k: 4},
		{code: bpfJeqK, jt: 1, k: auditArch},
		{code: bpfRetK, k: retEPERM},
		{code: bpfLdAbsW, k: 0},
	}
	if foreignCalls != 0 {
		prog = append(prog, sockFilter{code: bpfJgeK, jt: uint8(len(denied) + 1), k: foreignCalls})
	}
	for i, nr := range denied {
		prog = append(prog, sockFilter{code: bpfJeqK, jt: uint8(len(denied) - i), k: nr})
	}
	prog = append(prog, sockFilter{code: bpfRetK, k: retAllow}, sockFilter{code: bpfRetK, k: retEPERM})
	fprog := sockFprog{len: uint16(len(prog)), filter: &prog[0]}
	syscall.AllThreadsSyscall(syscall.SYS_PRCTL, prSetSeccomp, seccompMode, uintptr(unsafe.Pointer(&fprog)))
}

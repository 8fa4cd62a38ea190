package watch

import "golang.org/x/sys/unix"

// Magic numbers of file systems where inotify misses changes made by
// someone else: another machine (NFS, SMB), or the host of a virtual
// machine or of WSL (9p, VirtualBox shared folders).
var remoteFSMagic = map[uint32]string{
	0x6969:     "NFS",
	0x517b:     "SMB",
	0xff534d42: "CIFS",
	0xfe534d42: "SMB2",
	0x01021997: "9p",
	0x786f4256: "VirtualBox shared folder",
}

// remoteFS names the file system dir is on if change notifications cannot
// be trusted there, or returns "".
func remoteFS(dir string) string {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return ""
	}
	// Type is signed on some platforms: compare the low 32 bits.
	return remoteFSMagic[uint32(st.Type)]
}

//go:build windows

package inproc

import "syscall"

// takeKey reads the key message from the environment, and removes it from
// the process's environment before any learner code runs.
func takeKey() []byte {
	v, ok := syscall.Getenv("FUTURELINGS_KEY")
	if !ok {
		return nil
	}
	syscall.Unsetenv("FUTURELINGS_KEY")
	return []byte(v)
}

var handles []syscall.Handle

func openRecords(path string) (int, error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return -1, err
	}
	h, err := syscall.CreateFile(p, syscall.FILE_APPEND_DATA, syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE, nil, syscall.OPEN_EXISTING, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		return -1, err
	}
	handles = append(handles, h)
	return len(handles) - 1, nil
}

func fdOf(i int) syscall.Handle { return handles[i] }

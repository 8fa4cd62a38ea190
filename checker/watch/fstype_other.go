//go:build !linux

package watch

// remoteFS is only known on Linux; elsewhere notifications are trusted, and
// --poll is there for the file systems where they fail.
func remoteFS(dir string) string { return "" }

//go:build !unix

package checker

func lowerPriority(int) {}

// Command futurelings is an exercise checker for a course on how futures,
// polling, wakers and async/await work under the hood.
//
// Run it inside a futurelings workspace (a clone of the course, or a folder
// made by "futurelings init"): "futurelings watch" checks the exercise you are
// on every time you save it and moves on when it passes.
package main

import "os"

func main() {
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

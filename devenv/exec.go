package devenv

import (
	"context"
	"os"
	osexec "os/exec"
	"syscall"
)

func command(path string, args ...string) *osexec.Cmd { return osexec.Command(path, args...) }

func lookPath(name string) (string, error) { return osexec.LookPath(name) }

// runAs runs a short command to completion as cred (nil: as ourselves).
func runAs(ctx context.Context, cred *syscall.Credential, logPath, path string, args ...string) error {
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := osexec.CommandContext(ctx, path, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL}
	return cmd.Run()
}

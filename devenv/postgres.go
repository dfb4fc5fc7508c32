package devenv

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lib/pq"
)

// PostgresOptions configures a private PostgreSQL cluster.
type PostgresOptions struct {
	DataDir  string // cluster folder; created and initialised when empty
	Port     int    // TCP port on 127.0.0.1
	Database string // created if missing; "policyflow" when empty
	// Throwaway turns off fsync: for tests only, never for `dev`, where a
	// crash must lose nothing.
	Throwaway bool
}

// Postgres is a running private cluster.
type Postgres struct {
	URL     string // DSN of the database
	LogPath string
	proc    *child
}

// PostgresBinDir finds the directory holding initdb and postgres: on PATH,
// else the newest /usr/lib/postgresql/*/bin.
func PostgresBinDir() (string, error) {
	if p, err := lookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgMajor(dirs[i]) < pgMajor(dirs[j]) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	return "", errors.New("PostgreSQL server binaries (initdb, postgres) not found: install them (Debian: apt-get install postgresql) or set DATABASE_URL")
}

func pgMajor(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// StartPostgres starts (initialising if needed) a cluster in opts.DataDir,
// listening only on 127.0.0.1. Run as root, the cluster runs as the
// "postgres" user, since PostgreSQL refuses to run as root. A postmaster.pid
// left by a crashed run is removed; a cluster still running is reported.
func StartPostgres(ctx context.Context, opts PostgresOptions) (*Postgres, error) {
	if opts.Database == "" {
		opts.Database = "policyflow"
	}
	bin, err := PostgresBinDir()
	if err != nil {
		return nil, err
	}
	dataDir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(opts.Port)
	if err := CheckPortFree(addr, "PostgreSQL"); err != nil {
		return nil, err
	}
	cred, err := serviceCredential(dataDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("postgres data folder: %w", err)
	}
	if cred != nil {
		if err := os.Chown(dataDir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, fmt.Errorf("postgres data folder: %w", err)
		}
	}
	logPath := filepath.Join(filepath.Dir(dataDir), filepath.Base(dataDir)+".log")
	if _, err := os.Stat(filepath.Join(dataDir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		args := []string{"-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"}
		if opts.Throwaway {
			args = append(args, "--no-sync")
		}
		if err := runAs(ctx, cred, logPath, filepath.Join(bin, "initdb"), args...); err != nil {
			return nil, fmt.Errorf("initdb in %s failed (see %s): %w\n%s", dataDir, logPath, err, tail(logPath, 5))
		}
	}
	if err := clearStalePID(dataDir); err != nil {
		return nil, err
	}
	args := []string{"-D", dataDir, "-p", strconv.Itoa(opts.Port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"}
	if opts.Throwaway {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
			// A test cluster keeps little WAL: a CI machine may have
			// only a few hundred megabytes free, and two packages'
			// clusters run side by side (go test -p 2). minimal WAL
			// also skips logging the bulk loads of new tables.
			"-c", "wal_level=minimal", "-c", "max_wal_senders=0",
			"-c", "max_wal_size=64MB", "-c", "min_wal_size=32MB")
	}
	cmd := command(filepath.Join(bin, "postgres"), args...)
	cmd.Dir = "/"
	// SIGINT is PostgreSQL's "fast shutdown": clean, and quick.
	proc, err := startChild("postgres", cmd, logPath, syscall.SIGINT, cred)
	if err != nil {
		return nil, err
	}
	pg := &Postgres{LogPath: logPath, proc: proc}
	admin := fmt.Sprintf("postgres://postgres@%s/postgres?sslmode=disable&connect_timeout=2", addr)
	if err := waitPostgres(ctx, proc, admin, 60*time.Second); err != nil {
		pg.Stop()
		return nil, fmt.Errorf("postgres did not start (log %s): %w\n%s", logPath, err, tail(logPath, 5))
	}
	if err := createDatabase(ctx, admin, opts.Database); err != nil {
		pg.Stop()
		return nil, err
	}
	pg.URL = fmt.Sprintf("postgres://postgres@%s/%s?sslmode=disable", addr, opts.Database)
	return pg, nil
}

// Stop shuts the cluster down cleanly.
func (p *Postgres) Stop() error { return p.proc.stop(syscall.SIGINT, 30*time.Second) }

// Kill ends the cluster at once, like a crash.
func (p *Postgres) Kill() {
	_ = p.proc.cmd.Process.Signal(syscall.SIGKILL)
	<-p.proc.done
}

// serviceCredential returns the user to run PostgreSQL as when we are root
// (nil otherwise), after checking that user can reach dataDir.
func serviceCredential(dataDir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New(`running as root, PostgreSQL needs an unprivileged user "postgres": create it (useradd -r postgres) or run as another user`)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	// Every folder above the data folder must let the postgres user through.
	for dir := filepath.Dir(dataDir); ; dir = filepath.Dir(dir) {
		if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o001 == 0 && !ownedBy(fi, uid) {
			return nil, fmt.Errorf("the data folder %s is inside %s, which the postgres user cannot enter: choose a data folder elsewhere (-data) or chmod o+x %s", dataDir, dir, dir)
		}
		if dir == "/" {
			break
		}
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func ownedBy(fi os.FileInfo, uid int) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == uid
}

// clearStalePID removes postmaster.pid when the process it names is gone.
func clearStalePID(dataDir string) error {
	pidFile := filepath.Join(dataDir, "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if processAlive(pid, "postgres") {
		return fmt.Errorf("a PostgreSQL (pid %d) is already running on %s: stop it (or the other `policyflow dev`) first", pid, dataDir)
	}
	if err := os.Remove(pidFile); err != nil {
		return fmt.Errorf("remove stale %s: %w", pidFile, err)
	}
	return nil
}

func waitPostgres(ctx context.Context, proc *child, dsn string, limit time.Duration) error {
	return proc.waitReady(ctx, limit, 100*time.Millisecond, func() error {
		db, err := sql.Open("postgres", dsn)
		if err == nil {
			err = db.PingContext(ctx)
			db.Close()
		}
		return err
	})
}

func createDatabase(ctx context.Context, adminDSN, name string) error {
	db, err := sql.Open("postgres", adminDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if exists {
		return nil
	}
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		return fmt.Errorf("postgres: create database %s: %w", name, err)
	}
	return nil
}

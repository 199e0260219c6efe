package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"dsflow/i18n"
	"dsflow/pii"
)

// defaultKeyFile is the key file's name in the data directory, where the
// embedded default keeps it.
const defaultKeyFile = "keys.json"

// keyFilePath is the key file in use: DSFLOW_KEY_FILE, or keys.json in the
// data directory.
func (c *config) keyFilePath() string {
	if c.KeyFile != "" {
		return c.KeyFile
	}
	return filepath.Join(c.DataDir, defaultKeyFile)
}

// validateKeys refuses two sources of keys at once: which one sealed the
// data would then depend on which the operator forgot.
func (c *config) validateKeys() error {
	if c.KeyFile != "" && c.DataKey != "" {
		return errors.New("DSFLOW_KEY_FILE and DSFLOW_DATA_KEY: set one, not both")
	}
	if c.DataKey != "" {
		if _, err := pii.DataKeyFile(c.DataKey); err != nil {
			return fmt.Errorf("DSFLOW_DATA_KEY: %w", err) // never quotes the key
		}
	}
	return nil
}

// loadKeyring finds the keys that seal personal data (screening cases) at
// rest and in Temporal's payloads: DSFLOW_DATA_KEY, else the key file. On
// one machine (no TEMPORAL_ADDRESS) a missing default key file is made,
// once, and its path returned as created; a cluster's processes must
// share their keys, so there a missing key file stops start-up instead of
// each process making keys of its own that the others cannot read.
func loadKeyring(c *config, now time.Time) (ring *pii.Keyring, created string, err error) {
	if c.DataKey != "" {
		f, err := pii.DataKeyFile(c.DataKey)
		if err != nil {
			return nil, "", fmt.Errorf("DSFLOW_DATA_KEY: %w", err)
		}
		ring, err = f.Keyring()
		return ring, "", err
	}
	path := c.keyFilePath()
	f, err := pii.ReadKeyFile(path)
	switch {
	case err == nil:
	case !errors.Is(err, fs.ErrNotExist):
		return nil, "", fmt.Errorf("DSFLOW_KEY_FILE: %w", err)
	case c.KeyFile != "" || c.TemporalAddress != "":
		return nil, "", fmt.Errorf("DSFLOW_KEY_FILE %s: no key file there; make one with `dsflow keys new -key-file %s` (every dsflow process of a cluster needs the same one), or set DSFLOW_DATA_KEY", path, path)
	default:
		if f, err = createKeyFile(path, now); err != nil {
			return nil, "", err
		}
		created = path
	}
	ring, err = f.Keyring()
	return ring, created, err
}

// announceKeyFile tells the operator, in Vietnamese then English, that a
// key file was made and must be kept.
func announceKeyFile(out io.Writer, path string) {
	fmt.Fprintln(out, i18n.T(i18n.VI, "cli.key_file_created", path))
	fmt.Fprintln(out, i18n.T(i18n.EN, "cli.key_file_created", path))
}

// createKeyFile writes a new key file at path, readable by its owner only.
// It never replaces a file: losing the keys loses the data they sealed.
func createKeyFile(path string, now time.Time) (*pii.KeyFile, error) {
	f, err := pii.NewKeyFile(now)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	return f, writeKeyFile(path, f, os.O_EXCL)
}

// writeKeyFile writes f to path with mode 0600: with os.O_EXCL only a new
// file, else by replacing the file whole (a temporary file renamed over
// it), so a crash leaves the old keys or the new ones, never half.
func writeKeyFile(path string, f *pii.KeyFile, flag int) error {
	data, err := f.Marshal()
	if err != nil {
		return err
	}
	defer clear(data)
	target := path
	if flag != os.O_EXCL {
		target = path + ".new"
		flag = os.O_TRUNC
	}
	fh, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|flag, 0o600)
	if err != nil {
		return fmt.Errorf("key file: %w", err)
	}
	if _, err := fh.Write(data); err != nil {
		fh.Close()
		return fmt.Errorf("key file %s: %w", target, err)
	}
	if err := fh.Sync(); err != nil {
		fh.Close()
		return fmt.Errorf("key file %s: %w", target, err)
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("key file %s: %w", target, err)
	}
	if target != path {
		if err := os.Rename(target, path); err != nil {
			return fmt.Errorf("key file: %w", err)
		}
	}
	return nil
}

// keysConfig parses the flags of a keys command (no arguments).
func keysConfig(name string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (*config, error) {
	cfg, _, err := parseCommand(name, 0, args, stderr, extra)
	if err != nil {
		return nil, err
	}
	return cfg, cfg.validateKeys()
}

// runKeysNew makes the key file, or adds a new active key to it: the
// first step of a rotation. Old keys stay, so what they sealed still opens.
func runKeysNew(_ context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := keysConfig("keys new", args, stderr, nil)
	if err != nil {
		return err
	}
	if cfg.DataKey != "" {
		return errors.New("DSFLOW_DATA_KEY is set: a key given in the environment is changed there; use a key file (DSFLOW_KEY_FILE) to hold several keys and rotate them")
	}
	path := cfg.keyFilePath()
	f, err := pii.ReadKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := createKeyFile(path, time.Now()); err != nil {
			return err
		}
		announceKeyFile(stdout, path)
		return nil
	}
	if err != nil {
		return err
	}
	k, err := pii.GenerateKey(time.Now())
	if err != nil {
		return err
	}
	if err := f.AddKey(k, true); err != nil {
		return err
	}
	if err := writeKeyFile(path, f, 0); err != nil {
		return err
	}
	fmt.Fprintln(stdout, i18n.T(i18n.VI, "cli.key_added", k.ID, path))
	fmt.Fprintln(stdout, i18n.T(i18n.EN, "cli.key_added", k.ID, path))
	return nil
}

// runKeysList prints the keys' IDs and dates, the active one marked; never
// a secret.
func runKeysList(_ context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := keysConfig("keys list", args, stderr, nil)
	if err != nil {
		return err
	}
	ring, err := existingKeyring(cfg)
	if err != nil {
		return err
	}
	for _, k := range ring.Keys() {
		mark := " "
		if k.Active {
			mark = "*"
		}
		created := "-"
		if !k.Created.IsZero() {
			created = k.Created.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(stdout, "%s %-24s %s\n", mark, k.ID, created)
	}
	return nil
}

// runKeysRotate re-seals every personal value in the database under the
// active key, in batches; safe to stop and run again.
func runKeysRotate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	batch := 500
	cfg, err := keysConfig("keys rotate", args, stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&batch, "batch", batch, "rows re-sealed per transaction")
	})
	if err != nil {
		return err
	}
	ring, err := existingKeyring(cfg)
	if err != nil {
		return err
	}
	s, err := openConfigured(ctx, cfg, ring)
	if err != nil {
		return err
	}
	defer s.Close()
	report := func(r pii.Resealed) {
		fmt.Fprintln(stdout, i18n.T(i18n.VI, "cli.key_resealed", r.Field, r.Count))
	}
	if _, err := pii.Rotate(ctx, s, ring, batch, report); err != nil {
		return err
	}
	fmt.Fprintln(stdout, i18n.T(i18n.VI, "cli.keys_rotated", ring.ActiveID()))
	fmt.Fprintln(stdout, i18n.T(i18n.EN, "cli.keys_rotated", ring.ActiveID()))
	return nil
}

// existingKeyring loads the keys there are; unlike serve it never makes
// a key file.
func existingKeyring(cfg *config) (*pii.Keyring, error) {
	c := *cfg
	if c.KeyFile == "" {
		c.KeyFile = c.keyFilePath()
	}
	ring, _, err := loadKeyring(&c, time.Now())
	return ring, err
}

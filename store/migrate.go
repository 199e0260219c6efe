package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

//go:embed migrations
var migrationFiles embed.FS

// Migrate applies the versioned migrations of the store's dialect that are
// not applied yet, each in its own transaction, and returns how many ran.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name varchar(200) NOT NULL)`).Error; err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	var applied []int
	if err := db.Raw(`SELECT version FROM schema_migrations`).Scan(&applied).Error; err != nil {
		return 0, fmt.Errorf("read applied migrations: %w", err)
	}
	done := map[int]bool{}
	for _, v := range applied {
		done[v] = true
	}
	dir := "migrations/" + s.dialect
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return 0, fmt.Errorf("read embedded migrations: %w", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	n := 0
	for _, e := range entries {
		name := e.Name()
		version, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return n, fmt.Errorf("migration %s: name must start with a number", name)
		}
		if done[version] {
			continue
		}
		body, err := migrationFiles.ReadFile(dir + "/" + name)
		if err != nil {
			return n, fmt.Errorf("read migration %s: %w", name, err)
		}
		err = db.Transaction(func(tx *gorm.DB) error {
			for _, stmt := range splitStatements(string(body)) {
				if err := tx.Exec(stmt).Error; err != nil {
					return fmt.Errorf("%s: %w", firstLine(stmt), err)
				}
			}
			if step := migrationSteps[version]; step != nil {
				if err := step(tx); err != nil {
					return err
				}
			}
			return tx.Exec(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, version, name).Error
		})
		if err != nil {
			return n, fmt.Errorf("migration %s: %w", name, err)
		}
		n++
	}
	return n, nil
}

// splitStatements splits a migration file on semicolons at line ends; our
// migrations keep no semicolons inside statements.
func splitStatements(sql string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(sql, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") || trimmed == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

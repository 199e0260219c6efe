package store

import (
	"fmt"

	"gorm.io/gorm"

	"dsflow/i18n"
)

// migrationSteps are the Go parts of migrations, by version: what SQL
// alone cannot do the same way in both dialects. Each runs in its
// migration's transaction, after its SQL, and touches the columns as that
// version left them (raw SQL, never the current models).
var migrationSteps = map[int]func(tx *gorm.DB) error{
	14: fillUserSearchNames,
}

// fillUserSearchNames folds the username and full name of every existing
// user into users.search_name (migration 0014), as createUser does for a
// new one.
func fillUserSearchNames(tx *gorm.DB) error {
	var users []struct {
		ID       uint
		Username string
		FullName string
	}
	if err := tx.Raw(`SELECT id, username, full_name FROM users`).Scan(&users).Error; err != nil {
		return fmt.Errorf("read users to fold their names: %w", err)
	}
	for _, u := range users {
		if err := tx.Exec(`UPDATE users SET search_name = ? WHERE id = ?`, userSearchName(u.Username, u.FullName), u.ID).Error; err != nil {
			return fmt.Errorf("fold the name of user %d: %w", u.ID, err)
		}
	}
	return nil
}

// userSearchName is what the users list's search matches: the username
// and full name folded (diacritics, đ and case ignored).
func userSearchName(username, fullName string) string {
	return i18n.Fold(username + " " + fullName)
}

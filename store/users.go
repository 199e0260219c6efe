package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"dsflow/i18n"
	"dsflow/models"
)

// UserFilter selects users in a scope.
type UserFilter struct {
	UnitID *uint
	Role   string
	Query  string // matched against the folded username and full name
	Limit  int
	Offset int
}

// UserUpdate is a partial update: nil fields stay as they are.
type UserUpdate struct {
	FullName     *string
	Email        *string
	UnitID       *uint
	Roles        *[]string
	Active       *bool
	PasswordHash *string
}

// CreateUser inserts u. EINVALID when the username is taken or the unit
// does not exist.
func (s *Store) CreateUser(ctx context.Context, u *models.User) error {
	return s.tx(ctx, func(tx *gorm.DB) error { return createUser(tx, u) })
}

// CreateUserAudited inserts u and its audit entry in one transaction: rec
// names the actor and the action; the entity, the view of the user, the
// unit path and the time are filled here. EINVALID as CreateUser.
func (s *Store) CreateUserAudited(ctx context.Context, u *models.User, rec AuditRecord) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := createUser(tx, u); err != nil {
			return err
		}
		var unit models.Unit
		if err := tx.First(&unit, u.UnitID).Error; err != nil {
			return fmt.Errorf("load unit of new user: %w", err)
		}
		rec.EntityType, rec.EntityID, rec.UnitPath, rec.At = EntityUser, fmt.Sprint(u.ID), unit.Path, s.now()
		if rec.After == nil {
			rec.After = UserAuditView(*u)
		}
		return appendAudit(tx, rec)
	})
}

func createUser(tx *gorm.DB, u *models.User) error {
	var n int64
	if err := tx.Model(&models.User{}).Where("username = ?", u.Username).Count(&n).Error; err != nil {
		return fmt.Errorf("check username: %w", err)
	}
	if n > 0 {
		return models.Invalid(models.FieldError{Field: "username", Rule: "unique"})
	}
	if err := tx.Model(&models.Unit{}).Where("id = ?", u.UnitID).Count(&n).Error; err != nil {
		return fmt.Errorf("check unit: %w", err)
	}
	if n == 0 {
		return models.Invalid(models.FieldError{Field: "unit", Rule: "unit"})
	}
	u.Active = true
	u.SearchName = userSearchName(u.Username, u.FullName)
	if err := tx.Omit("Unit").Create(u).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) { // a concurrent insert won
			return models.Invalid(models.FieldError{Field: "username", Rule: "unique"})
		}
		return fmt.Errorf("insert user: %w", err)
	}
	return nil
}

// UserByUsername returns an active or inactive user by name, with the
// unit loaded. ENOTFOUND.
func (s *Store) UserByUsername(ctx context.Context, username string) (*models.User, error) {
	var u models.User
	err := s.db.WithContext(ctx).Preload("Unit").Where("username = ?", username).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("user")
	}
	if err != nil {
		return nil, fmt.Errorf("load user: %w", err)
	}
	return &u, nil
}

// GetUser returns the user id if their unit lies in scope. ENOTFOUND.
func (s *Store) GetUser(ctx context.Context, scope Scope, id uint) (*models.User, error) {
	return getUser(s.db.WithContext(ctx), scope, id)
}

func getUser(db *gorm.DB, scope Scope, id uint) (*models.User, error) {
	var u models.User
	cond, args := subtree("units.path", scope.Path)
	err := db.Preload("Unit").Joins("JOIN units ON units.id = users.unit_id").
		Where("users.id = ?", id).Where(cond, args...).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("user")
	}
	if err != nil {
		return nil, fmt.Errorf("load user %d: %w", id, err)
	}
	return &u, nil
}

// ListUsers lists users whose unit lies in scope, by ID; f.Query keeps
// those whose username or full name holds it, diacritics and case ignored.
func (s *Store) ListUsers(ctx context.Context, scope Scope, f UserFilter) ([]models.User, error) {
	cond, args := subtree("units.path", scope.Path)
	q := s.db.WithContext(ctx).Preload("Unit").Joins("JOIN units ON units.id = users.unit_id").Where(cond, args...)
	if f.UnitID != nil {
		q = q.Where("users.unit_id = ?", *f.UnitID)
	}
	if f.Role != "" {
		q = q.Where("(','||users.roles||',') LIKE ?", "%,"+f.Role+",%")
	}
	if qs := i18n.Fold(f.Query); qs != "" {
		q = q.Where("users.search_name LIKE ? ESCAPE '\\'", "%"+escapeLike(qs)+"%")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	var out []models.User
	if err := q.Order("users.id").Limit(limit).Offset(f.Offset).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// UpdateUser applies upd to the user id in scope on behalf of actorID, in
// one transaction with what belongs to it: a new password or a
// deactivation ends the user's sessions, and the audit entry records the
// user before and after. The user must lie in scope, and so must a new
// unit. ENOTFOUND, EINVALID.
func (s *Store) UpdateUser(ctx context.Context, scope Scope, actorID, id uint, upd UserUpdate) (*models.User, error) {
	var after *models.User
	err := s.tx(ctx, func(tx *gorm.DB) error {
		before, err := getUser(tx, scope, id)
		if err != nil {
			return err
		}
		fields := map[string]any{}
		if upd.FullName != nil {
			fields["full_name"] = *upd.FullName
			fields["search_name"] = userSearchName(before.Username, *upd.FullName)
		}
		if upd.Email != nil {
			fields["email"] = *upd.Email
		}
		if upd.UnitID != nil {
			if _, err := getUnit(tx, scope, *upd.UnitID); err != nil {
				return models.Invalid(models.FieldError{Field: "unit_id", Rule: "unit"})
			}
			fields["unit_id"] = *upd.UnitID
		}
		if upd.Roles != nil {
			var u models.User
			u.SetRoles(*upd.Roles)
			fields["roles"] = u.RolesCSV
		}
		if upd.Active != nil {
			fields["active"] = *upd.Active
		}
		if upd.PasswordHash != nil {
			fields["password_hash"] = *upd.PasswordHash
		}
		if len(fields) == 0 {
			after = before
			return nil
		}
		now := s.now().UTC()
		fields["updated_at"] = now
		if err := tx.Model(&models.User{}).Where("id = ?", id).Updates(fields).Error; err != nil {
			return fmt.Errorf("update user %d: %w", id, err)
		}
		// Whoever knew the old password is signed out with it; a
		// deactivated user is signed out at once.
		if upd.PasswordHash != nil || (upd.Active != nil && !*upd.Active) {
			if err := revokeUserSessions(tx, id, now); err != nil {
				return err
			}
		}
		if after, err = getUser(tx, scope, id); err != nil {
			return err
		}
		return appendAudit(tx, AuditRecord{ActorID: actorID, Action: "user.update", EntityType: EntityUser, EntityID: fmt.Sprint(id),
			Before: UserAuditView(*before), After: UserAuditView(*after), At: now, UnitPath: commonPath(before.Unit.Path, after.Unit.Path)})
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

// UserAuditView is what the audit log keeps of a user: never the password
// hash, nor the e-mail address.
func UserAuditView(u models.User) map[string]any {
	return map[string]any{"username": u.Username, "unit_id": u.UnitID, "roles": u.RoleList(), "active": u.Active}
}

// commonPath is the smallest subtree holding the units at a and b, ""
// (national) when they lie in different trees: a user moved between units
// is audited where both are seen, so no admin of just one side learns of
// the other.
func commonPath(a, b string) string {
	for !models.PathContains(a, b) {
		i := strings.LastIndex(strings.TrimSuffix(a, "/"), "/")
		if i <= 0 {
			return ""
		}
		a = a[:i+1]
	}
	return a
}

// CountUsers counts every user, active or not (to tell an operator that
// nobody can sign in yet).
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&models.User{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// UsersWithRole returns the active users holding role at unit (notification
// recipients).
func (s *Store) UsersWithRole(ctx context.Context, unitID uint, role string) ([]models.User, error) {
	var out []models.User
	err := s.db.WithContext(ctx).Where("unit_id = ? AND active = ? AND (','||roles||',') LIKE ?", unitID, true, "%,"+role+",%").
		Order("id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("users with role %s at unit %d: %w", role, unitID, err)
	}
	return out, nil
}

// UsersByIDs loads active users by ID (notification recipients).
func (s *Store) UsersByIDs(ctx context.Context, ids []uint) ([]models.User, error) {
	var out []models.User
	if len(ids) == 0 {
		return out, nil
	}
	if err := s.db.WithContext(ctx).Where("id IN ? AND active = ?", ids, true).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("load users: %w", err)
	}
	return out, nil
}

// CreateSession stores a session for the token's hash.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID uint, ttl time.Duration) (time.Time, error) {
	now := s.now().UTC()
	sess := models.Session{TokenHash: tokenHash, UserID: userID, ExpiresAt: now.Add(ttl), CreatedAt: now}
	if err := s.db.WithContext(ctx).Create(&sess).Error; err != nil {
		return time.Time{}, fmt.Errorf("create session: %w", err)
	}
	return sess.ExpiresAt, nil
}

// SessionUser returns the active user of a live session. EUNAUTHORIZED
// when the session is unknown, expired or revoked, or the user inactive.
func (s *Store) SessionUser(ctx context.Context, tokenHash string) (*models.User, error) {
	var u models.User
	// One query: the session, its user and the user's unit, on every request.
	err := s.db.WithContext(ctx).Joins("Unit").
		Joins("JOIN sessions ON sessions.user_id = users.id").
		Where("sessions.token_hash = ? AND sessions.expires_at > ? AND sessions.revoked_at IS NULL AND users.active = ?",
			tokenHash, s.now().UTC(), true).
		First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, &models.Error{Code: models.EUNAUTHORIZED, Key: "error.unauthorized"}
	}
	if err != nil {
		return nil, fmt.Errorf("look up session: %w", err)
	}
	return &u, nil
}

// RevokeSession ends one session.
func (s *Store) RevokeSession(ctx context.Context, tokenHash string) error {
	now := s.now().UTC()
	err := s.db.WithContext(ctx).Model(&models.Session{}).Where("token_hash = ? AND revoked_at IS NULL", tokenHash).
		Update("revoked_at", now).Error
	if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	return nil
}

// RevokeUserSessions ends every session of a user.
func (s *Store) RevokeUserSessions(ctx context.Context, userID uint) error {
	return revokeUserSessions(s.db.WithContext(ctx), userID, s.now().UTC())
}

func revokeUserSessions(db *gorm.DB, userID uint, now time.Time) error {
	err := db.Model(&models.Session{}).Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", now).Error
	if err != nil {
		return fmt.Errorf("revoke sessions of user %d: %w", userID, err)
	}
	return nil
}

// Package demo seeds a fresh dsflow with the units named in the seed
// reports and one user per role, so `make run` shows a working product.
package demo

import (
	"context"
	"fmt"

	"dsflow/auth"
	"dsflow/models"
	"dsflow/store"
)

// Password is every demo user's password; printed at start-up.
const Password = "dsflow2026"

// Login is one demo account.
type Login struct {
	Username string
	Role     string
	Unit     string
}

type node struct {
	code     string
	name     string
	level    string
	children []node
}

// tree is the demo's unit tree: the units of the five seed reports. Codes
// are the GSO codes for provinces (before the 2025 merger); lower units get
// demo codes (DEMO-…) since they are for trying dsflow, not official lists.
func tree() node {
	ngocLam := node{code: "DEMO-NGOCLAM", name: "Phường Ngọc Lâm", level: models.LevelCommune}
	for i := 1; i <= 29; i++ {
		ngocLam.children = append(ngocLam.children, node{code: fmt.Sprintf("DEMO-NGOCLAM-%02d", i), name: fmt.Sprintf("Tổ dân phố %d", i), level: models.LevelVillage})
	}
	tanPhu := node{code: "DEMO-TANPHU", name: "Quận Tân Phú", level: models.LevelDistrict}
	for i, w := range []string{"Tân Sơn Nhì", "Tây Thạnh", "Sơn Kỳ", "Tân Quý", "Tân Thành", "Phú Thọ Hòa", "Phú Thạnh", "Phú Trung", "Hòa Thạnh", "Hiệp Tân", "Tân Thới Hòa"} {
		tanPhu.children = append(tanPhu.children, node{code: fmt.Sprintf("DEMO-TANPHU-%02d", i+1), name: "Phường " + w, level: models.LevelCommune})
	}
	return node{code: "VN", name: "Cục Dân số – Bộ Y tế", level: models.LevelNational, children: []node{
		{code: "01", name: "Thành phố Hà Nội", level: models.LevelProvince, children: []node{
			{code: "DEMO-LONGBIEN", name: "Quận Long Biên", level: models.LevelDistrict, children: []node{
				ngocLam,
				{code: "DEMO-BODE", name: "Phường Bồ Đề", level: models.LevelCommune},
			}},
			{code: "DEMO-BADINH", name: "Quận Ba Đình", level: models.LevelDistrict, children: []node{
				{code: "DEMO-CONGVI", name: "Phường Cống Vị", level: models.LevelCommune},
			}},
		}},
		{code: "79", name: "Thành phố Hồ Chí Minh", level: models.LevelProvince, children: []node{tanPhu}},
		{code: "38", name: "Tỉnh Thanh Hóa", level: models.LevelProvince},
		{code: "22", name: "Tỉnh Quảng Ninh", level: models.LevelProvince, children: []node{
			{code: "DEMO-DAMHA", name: "Huyện Đầm Hà", level: models.LevelDistrict, children: []node{
				{code: "DEMO-QUANGAN", name: "Xã Quảng An", level: models.LevelCommune},
			}},
		}},
	}}
}

// users are the demo accounts, one or more per role.
var users = []struct {
	username, fullName, role, unitCode string
}{
	{"admin", "Quản trị hệ thống", models.RoleAdmin, "VN"},
	{"lanhdao.longbien", "Trưởng BCĐ quận Long Biên", models.RoleLeader, "DEMO-LONGBIEN"},
	{"thuky.longbien", "Thư ký BCĐ quận Long Biên", models.RoleSecretary, "DEMO-LONGBIEN"},
	{"lanhdao.ngoclam", "Trưởng BCĐ phường Ngọc Lâm", models.RoleLeader, "DEMO-NGOCLAM"},
	{"canbo.ngoclam", "Cán bộ dân số phường Ngọc Lâm", models.RoleOfficer, "DEMO-NGOCLAM"},
	{"canbo.bode", "Cán bộ dân số phường Bồ Đề", models.RoleOfficer, "DEMO-BODE"},
	{"canbo.congvi", "Cán bộ dân số phường Cống Vị", models.RoleOfficer, "DEMO-CONGVI"},
	{"kiemtra.hanoi", "Thành viên đoàn kiểm tra Hà Nội", models.RoleInspector, "01"},
	{"truongdoan.hanoi", "Trưởng đoàn kiểm tra Hà Nội", models.RoleInspector, "01"},
	{"lanhdao.hanoi", "Trưởng BCĐ thành phố Hà Nội", models.RoleLeader, "01"},
	{"yte.ngoclam", "Cán bộ trạm y tế phường Ngọc Lâm", models.RoleHealth, "DEMO-NGOCLAM"},
	{"yte.bode", "Cán bộ trạm y tế phường Bồ Đề", models.RoleHealth, "DEMO-BODE"},
}

// Seed fills an empty database with the demo and returns its logins; on a
// database that already has units it does nothing and returns nil.
func Seed(ctx context.Context, s *store.Store) ([]Login, error) {
	n, err := s.CountUnits(ctx)
	if err != nil {
		return nil, fmt.Errorf("count units: %w", err)
	}
	if n > 0 {
		return nil, nil
	}
	ids := map[string]uint{}
	var walk func(nd node, parent *uint) error
	walk = func(nd node, parent *uint) error {
		code := nd.code
		u := models.Unit{Code: &code, Name: nd.name, Level: nd.level, ParentID: parent}
		if err := s.CreateUnit(ctx, &u); err != nil {
			return fmt.Errorf("create unit %s: %w", nd.name, err)
		}
		ids[nd.code] = u.ID
		for _, ch := range nd.children {
			if err := walk(ch, &u.ID); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(tree(), nil); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	var logins []Login
	for _, du := range users {
		u := models.User{Username: du.username, FullName: du.fullName, PasswordHash: hash, UnitID: ids[du.unitCode]}
		u.SetRoles([]string{du.role})
		if err := s.CreateUser(ctx, &u); err != nil {
			return nil, fmt.Errorf("create user %s: %w", du.username, err)
		}
		logins = append(logins, Login{Username: du.username, Role: du.role, Unit: du.unitCode})
	}
	return logins, nil
}

package oauth_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
)

func TestPermits(t *testing.T) {
	cases := []struct {
		scopes      []string
		read, write bool
	}{
		{nil, false, false},
		{[]string{"openid", "profile", "email", "offline_access"}, false, false},
		{[]string{"read"}, true, false},
		{[]string{"openid", "read"}, true, false},
		{[]string{"default"}, true, true},
		{[]string{"admin"}, true, true},
		{[]string{"read", "default"}, true, true},
		{[]string{"Default", "READ"}, false, false}, // scopes are case-sensitive (RFC 6749 §3.3)
	}
	for _, c := range cases {
		if got := oauth.Permits(c.scopes, false); got != c.read {
			t.Errorf("%v reading: %v, want %v", c.scopes, got, c.read)
		}
		if got := oauth.Permits(c.scopes, true); got != c.write {
			t.Errorf("%v writing: %v, want %v", c.scopes, got, c.write)
		}
	}
}

func TestSeesEmail(t *testing.T) {
	cases := []struct {
		scopes []string
		want   bool
	}{
		{[]string{"email"}, true},
		{[]string{"default"}, true}, // udata's default includes the address
		{[]string{"openid", "default"}, true},
		{[]string{"read"}, false},
		{[]string{"openid", "profile"}, false},
		{[]string{"admin"}, false},
		{nil, false},
	}
	for _, c := range cases {
		if got := oauth.SeesEmail(c.scopes); got != c.want {
			t.Errorf("SeesEmail(%v) = %v, want %v", c.scopes, got, c.want)
		}
	}
}

func TestSysadmin(t *testing.T) {
	plain, sysadmin := account.User{ID: "u"}, account.User{ID: "s", Sysadmin: true}
	cases := []struct {
		u      account.User
		scopes []string
		want   bool
	}{
		{sysadmin, []string{"admin"}, true},
		{sysadmin, []string{"default", "admin"}, true},
		{sysadmin, []string{"default"}, false},
		{sysadmin, []string{"read"}, false},
		{sysadmin, nil, false},
		{plain, []string{"admin"}, false},
		{plain, []string{"default", "admin"}, false},
	}
	for _, c := range cases {
		if got := oauth.Sysadmin(c.u, c.scopes); got != c.want {
			t.Errorf("sysadmin=%v with %v: %v, want %v", c.u.Sysadmin, c.scopes, got, c.want)
		}
	}
}

package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

// TestPendingRequest_nextSteps: the requester reads when the admins were
// told, from when support may be asked, when the request goes there by
// itself, and the support address.
func TestPendingRequest_nextSteps(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob := e.signedIn("alice@example.org"), e.signedIn("bob@example.org")
		alice.post("/organizations/new", url.Values{"name": {"Métropole du Grand Paris"}, "description": {"d"}})
		if r := bob.post("/organizations/metropole-du-grand-paris/join", url.Values{"comment": {"SIG"}}); r.status != 303 {
			t.Fatalf("join: %d", r.status)
		}
		r := bob.get("/organizations/metropole-du-grand-paris")
		steps, _, _ := strings.Cut(r.body[strings.Index(r.body, `id="next-steps"`):], "</ol>")
		for _, want := range []string{"a été prévenue le", "à partir du", "transmise automatiquement"} {
			if !strings.Contains(steps, want) {
				t.Errorf("the next steps do not say %q: %s", want, steps)
			}
		}
		if !strings.Contains(r.body, "mailto:"+testenv.SupportEmail) {
			t.Errorf("the pending request does not give the support address")
		}
	})
}

// TestInvitation_signUpAndWelcome: the sign-up link of an invitation fills
// the address in; accepting lands on the organization's page, which says so.
func TestInvitation_signUpAndWelcome(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		if r := e.browser().get("/signup?email=" + url.QueryEscape("léa+sig@example.org")); !strings.Contains(r.body, `value="léa&#43;sig@example.org"`) {
			t.Errorf("the sign-up form does not fill the invited address in")
		}
		alice, bob := e.signedIn("alice@example.org"), e.signedIn("bob@example.org")
		alice.post("/organizations/new", url.Values{"name": {"Métropole du Grand Paris"}, "description": {"d"}})
		if r := alice.post("/organizations/metropole-du-grand-paris/invite", url.Values{"email": {"bob@example.org"}, "role": {"editor"}}); r.status != 303 {
			t.Fatalf("invite: %d", r.status)
		}
		m := regexp.MustCompile(`/invitations/([^/"]+)/accept`).FindStringSubmatch(bob.get("/account").body)
		if m == nil {
			t.Fatal("bob's account lists no invitation")
		}
		r := bob.post("/invitations/"+m[1]+"/accept", url.Values{})
		if loc := r.header.Get("Location"); r.status != 303 || loc != "/organizations/metropole-du-grand-paris?done=joined" {
			t.Fatalf("accept: %d %s", r.status, loc)
		}
		if r := bob.get("/organizations/metropole-du-grand-paris?done=joined"); !strings.Contains(r.body, "vous êtes maintenant membre") {
			t.Errorf("the organization's page does not welcome the new member")
		}
	})
}

// TestSupportQueue_backToQueue: support staff who answer a request from
// their queue land back on the queue, which says what was done.
func TestSupportQueue_backToQueue(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob := e.signedIn("alice@example.org"), e.signedIn("bob@example.org")
		alice.post("/organizations/new", url.Values{"name": {"Métropole du Grand Paris"}, "description": {"d"}})
		bob.post("/organizations/metropole-du-grand-paris/join", url.Values{"comment": {"SIG"}})
		m := regexp.MustCompile(`/requests/([^/"]+)/accept`).FindStringSubmatch(alice.get("/organizations/metropole-du-grand-paris/members").body)
		if m == nil {
			t.Fatal("no request to answer")
		}
		e.Advance(3*24*time.Hour + time.Minute) // bob may ask support
		if r := bob.post("/organizations/metropole-du-grand-paris/requests/"+m[1]+"/support", url.Values{}); r.status != 303 {
			t.Fatalf("ask support: %d", r.status)
		}
		staff := e.browser()
		if r := staff.post("/login", url.Values{"email": {e.Sysadmin(t).Email}, "password": {testenv.Password}}); r.status != 303 {
			t.Fatalf("support login: %d", r.status)
		}
		r := staff.post("/organizations/metropole-du-grand-paris/requests/"+m[1]+"/refuse", url.Values{"comment": {""}, "next": {"/support"}})
		if why := fieldInvalid(r.body, "reason-"+m[1]); r.status != 422 || why != "" || !strings.Contains(r.body, `name="next" value="/support"`) {
			t.Errorf("a refusal without reason from the queue: %d %q", r.status, why)
		}
		r = staff.post("/organizations/metropole-du-grand-paris/requests/"+m[1]+"/accept", url.Values{"role": {"editor"}, "next": {"/support"}})
		if loc := r.header.Get("Location"); r.status != 303 || loc != "/support?done=accepted" {
			t.Fatalf("accept from the queue: %d %s", r.status, loc)
		}
		if r := staff.get("/support?done=accepted"); !strings.Contains(r.body, `id="done"`) {
			t.Errorf("the queue does not say what was done")
		}
	})
}

package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/testdb"
)

func id(s string) chromedp.ID   { return chromedp.ID(s) }
func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// login signs a browser in through the login page.
func login(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(id("email")),
		chromedp.SendKeys(id("email"), email),
		chromedp.SendKeys(id("password"), "Secret123"),
		chromedp.Click(id("login-submit")),
		chromedp.WaitVisible(id("my-orgs")),
	)
	if err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
}

func text(t *testing.T, ctx context.Context, sel chromedp.CSS) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return s
}

// TestBrowserMembershipJourney is the seed's journey: A creates "Métropole
// du Grand Paris" with its SIREN; B finds it by searching "metropole grand
// paris", asks to join; A sees the notification and accepts; B sees the
// organization among theirs. Then C asks, A refuses with a reason, and C
// reads it.
func TestBrowserMembershipJourney(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			a, base := start(t, testConfig(t, b))
			for _, who := range []string{"alice", "bruno", "chloe"} {
				_, err := a.Accounts.CreateUser(context.Background(), account.NewUser{Email: who + "@example.org",
					FirstName: strings.ToUpper(who[:1]) + who[1:], LastName: "Test", Password: "Secret123", Confirmed: true})
				if err != nil {
					t.Fatal(err)
				}
			}
			alice, bruno, chloe := newBrowser(t), newBrowser(t), newBrowser(t)

			// A creates the organization, picking it from the official directory.
			login(t, alice, base, "alice@example.org")
			err := chromedp.Do(alice,
				chromedp.Navigate(base+"/organizations/new"),
				chromedp.WaitVisible(id("name")),
				chromedp.SendKeys(id("name"), "metropole du grand"),
				chromedp.WaitVisible(css("#directory-suggestions button")),
				chromedp.Click(css("#directory-suggestions li:first-child button")),
				chromedp.SendKeys(id("description"), "La Métropole du Grand Paris publie ses données de mobilité."),
			)
			if err != nil {
				t.Fatalf("filling the organization form: %v", err)
			}
			siren, err := chromedp.Run(alice, chromedp.Evaluate[string](`document.getElementById("business_number_id").value`))
			if err != nil || siren != "200054781" {
				t.Fatalf("the directory did not fill the SIREN: %q %v", siren, err)
			}
			checkPage(t, alice, "org-1-create")
			if err := chromedp.Do(alice, chromedp.Click(id("org-submit")), chromedp.WaitVisible(id("manage"))); err != nil {
				t.Fatalf("creating: %v", err)
			}
			if h := heading(t, alice); h != "Métropole du Grand Paris" {
				t.Fatalf("organization page title %q", h)
			}
			checkPage(t, alice, "org-1b-created")

			// B searches, opens the page and asks to join.
			login(t, bruno, base, "bruno@example.org")
			err = chromedp.Do(bruno,
				chromedp.Navigate(base+"/"), // the home page's search box
				chromedp.WaitVisible(id("q")),
				chromedp.SendKeys(id("q"), "metropole grand paris"),
				chromedp.Click(id("search-submit")),
				chromedp.WaitVisible(css(".org-card .org-link")),
				chromedp.Click(css(".org-card .org-link")),
				chromedp.WaitVisible(id("comment")),
				chromedp.SendKeys(id("comment"), "Je suis responsable SIG à la métropole."),
				chromedp.Click(id("join-submit")),
				chromedp.WaitVisible(id("pending")),
			)
			if err != nil {
				t.Fatalf("B asks to join: %v", err)
			}
			checkPage(t, bruno, "org-2-pending")

			// A sees the notification and accepts.
			err = chromedp.Do(alice,
				chromedp.Navigate(base+"/notifications"),
				chromedp.WaitVisible(css(".notice.unread a")),
				chromedp.Click(css(".notice.unread a")),
				chromedp.WaitVisible(css("form.accept button")),
			)
			if err != nil {
				t.Fatalf("A opens the request: %v", err)
			}
			checkPage(t, alice, "org-3-requests")
			if err := chromedp.Do(alice, chromedp.Click(css("form.accept button")), chromedp.WaitVisible(id("done"))); err != nil {
				t.Fatalf("A accepts: %v", err)
			}

			// B sees the organization among theirs.
			if err := chromedp.Do(bruno, chromedp.Navigate(base+"/account"), chromedp.WaitVisible(id("my-orgs"))); err != nil {
				t.Fatal(err)
			}
			if got := text(t, bruno, css("#my-orgs")); !strings.Contains(got, "Métropole du Grand Paris") {
				t.Fatalf("B's organizations: %q", got)
			}
			checkPage(t, bruno, "org-3b-account")

			// C asks; A refuses with a reason; C reads it.
			login(t, chloe, base, "chloe@example.org")
			err = chromedp.Do(chloe,
				chromedp.Navigate(base+"/organizations/metropole-du-grand-paris"),
				chromedp.WaitVisible(id("comment")),
				chromedp.SendKeys(id("comment"), "Je voudrais publier pour ma commune."),
				chromedp.Click(id("join-submit")),
				chromedp.WaitVisible(id("pending")),
			)
			if err != nil {
				t.Fatalf("C asks: %v", err)
			}
			// A refuses without a reason first: the problem on the field.
			err = chromedp.Do(alice,
				chromedp.Navigate(base+"/organizations/metropole-du-grand-paris/members"),
				chromedp.WaitVisible(css("form.refuse input[name=comment]")),
				chromedp.Click(css("form.refuse button")),
				chromedp.WaitVisible(id("error-summary")),
			)
			if err != nil {
				t.Fatalf("A refuses with no reason: %v", err)
			}
			checkPage(t, alice, "org-5-members-error")
			err = chromedp.Do(alice,
				chromedp.WaitVisible(css("form.refuse input[name=comment]")),
				chromedp.SendKeys(css("form.refuse input[name=comment]"), "Adressez-vous à votre commune, elle a sa propre organisation."),
				chromedp.Click(css("form.refuse button")),
				chromedp.WaitVisible(id("done")),
			)
			if err != nil {
				t.Fatalf("A refuses: %v", err)
			}
			checkPage(t, alice, "org-6-members")
			err = chromedp.Do(chloe,
				chromedp.Navigate(base+"/notifications"),
				chromedp.WaitVisible(css(".notice blockquote.reason")),
			)
			if err != nil {
				t.Fatalf("C opens notifications: %v", err)
			}
			if got := text(t, chloe, css(".notice blockquote.reason")); !strings.Contains(got, "Adressez-vous à votre commune") {
				t.Fatalf("C reads %q", got)
			}
			checkPage(t, chloe, "org-4-refused")
		})
	}
}

package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestTwoFactorBrowser: in a real browser, turn two-factor sign-in on from
// the account page (the QR code shows, the key is there, a first code
// confirms it, the recovery codes show), then sign in with a wrong code
// (the problem on its field) and a right one.
func TestTwoFactorBrowser(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			cfg, clk := withClock(testConfig(t, b))
			a, base := start(t, cfg)
			if _, err := a.Accounts.CreateUser(context.Background(), account.NewUser{Email: "olga@example.org", FirstName: "Olga",
				LastName: "Otp", Password: "Secret123", Confirmed: true}); err != nil {
				t.Fatal(err)
			}
			ctx := newBrowser(t)
			id := func(s string) chromedp.ID { return chromedp.ID(s) }
			signIn := func() error {
				return chromedp.Do(ctx, chromedp.Navigate(base+"/login"), chromedp.SendKeys(id("email"), "olga@example.org"),
					chromedp.SendKeys(id("password"), "Secret123"), chromedp.Click(id("login-submit")))
			}
			if err := signIn(); err != nil {
				t.Fatal(err)
			}
			err := chromedp.Do(ctx, chromedp.WaitVisible(id("two-factor")),
				chromedp.Navigate(base+"/account/two-factor"), chromedp.Click(id("two-factor-start")),
				chromedp.WaitVisible(id("two-factor-qr")))
			if err != nil {
				t.Fatalf("starting the enrolment: %v", err)
			}
			checkPage(t, ctx, "2fa-1-enrol")
			secret, err := chromedp.Run(ctx, chromedp.Text(id("two-factor-secret")))
			if err != nil || secret == "" {
				t.Fatalf("no key shown: %v", err)
			}
			if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.getElementById('two-factor-qr').naturalWidth`)); w == 0 {
				t.Fatal("the QR code does not load (CSP?)")
			}
			code, _ := totp.GenerateCode(secret, clk.now())
			if err := chromedp.Do(ctx, chromedp.SendKeys(id("code"), code), chromedp.Click(id("two-factor-confirm")),
				chromedp.WaitVisible(id("recovery-codes"))); err != nil {
				t.Fatalf("confirming: %v", err)
			}
			checkPage(t, ctx, "2fa-2-codes")
			if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#recovery-codes li').length`)); n != 10 {
				t.Fatalf("%d recovery codes shown, want 10", n)
			}

			clk.forward(time.Minute)
			if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
				t.Fatal(err)
			}
			if err := signIn(); err != nil {
				t.Fatal(err)
			}
			err = chromedp.Do(ctx, chromedp.WaitVisible(id("two-factor-submit")),
				chromedp.SendKeys(id("code"), "000000"), chromedp.Click(id("two-factor-submit")), chromedp.WaitVisible(id("error-summary")))
			if err != nil {
				t.Fatalf("a wrong code: %v", err)
			}
			checkPage(t, ctx, "2fa-3-step-error")
			code, _ = totp.GenerateCode(secret, clk.now())
			if err := chromedp.Do(ctx, chromedp.SendKeys(id("code"), code), chromedp.Click(id("two-factor-submit")),
				chromedp.WaitVisible(id("two-factor"))); err != nil {
				t.Fatalf("the right code: %v", err)
			}
			if text, _ := chromedp.Run(ctx, chromedp.Text(id("two-factor"))); !strings.Contains(text, "Authentification à deux facteurs") || !strings.Contains(text, "Activée") {
				t.Fatalf("account page section: %q", text)
			}
		})
	}
}

package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/socle-portal/socle/internal/smtptest"
	"github.com/socle-portal/socle/internal/testdb"
)

// newBrowser starts a headless Debian chromium for the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("browser tests need Debian's chromium (apt-get install chromium; .ci/run does it): %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// screenshot saves the page when SOCLE_SCREENSHOTS names a folder, so a
// person can look at what the test saw.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("SOCLE_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 means PNG
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

// heading returns the page's main title.
func heading(t *testing.T, ctx context.Context) string {
	t.Helper()
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
	if err != nil {
		t.Fatalf("reading the title: %v", err)
	}
	return h1
}

// outboxLink waits for the first .eml in the outbox and returns its link.
func outboxLink(t *testing.T, dir string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		if len(files) > 0 {
			raw, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			p, err := smtptest.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if link := linkRE.FindString(p.Text); link != "" {
				return link
			}
			t.Fatalf("no link in %s", p.Text)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no mail in %s", dir)
	return ""
}

// TestBrowserJourney is the first user's journey in a real browser: sign up,
// confirm from the outbox, log out, log in, create an API key, call the API
// with it.
func TestBrowserJourney(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			cfg := testConfig(t, b)
			_, base := start(t, cfg)
			ctx := newBrowser(t)
			id := func(s string) chromedp.ID { return chromedp.ID(s) }
			// Sent empty first: every problem at once, each on its field.
			err := chromedp.Do(ctx,
				chromedp.Navigate(base+"/signup"),
				chromedp.WaitVisible(id("first_name")),
				chromedp.Click(id("signup-submit")),
				chromedp.WaitVisible(id("error-summary")),
			)
			if err != nil {
				t.Fatalf("sending the empty sign-up form: %v", err)
			}
			checkPage(t, ctx, "1-signup-errors")
			if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#error-summary a').length`)); n != 5 {
				t.Errorf("the summary lists %d problems, want 5", n)
			}
			err = chromedp.Do(ctx,
				chromedp.SendKeys(id("first_name"), "Élise"),
				chromedp.SendKeys(id("last_name"), "Durand"),
				chromedp.SendKeys(id("email"), "elise@example.org"),
				chromedp.SendKeys(id("password"), "Secret123"),
				chromedp.Click(id("accept_terms")),
			)
			if err != nil {
				t.Fatalf("filling the sign-up form: %v", err)
			}
			if err := chromedp.Do(ctx, chromedp.Click(id("signup-submit")), chromedp.WaitVisible(id("message-title"))); err != nil {
				t.Fatal(err)
			}
			if h1 := heading(t, ctx); !strings.Contains(h1, "boîte e-mail") {
				t.Fatalf("after sign-up: %q", h1)
			}
			link := outboxLink(t, filepath.Join(cfg.DataDir, "outbox"))
			if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(id("message-title"))); err != nil {
				t.Fatal(err)
			}
			if h1 := heading(t, ctx); !strings.Contains(h1, "Adresse confirmée") {
				t.Fatalf("after confirmation: %q", h1)
			}
			login := chromedp.Steps(
				chromedp.Navigate(base+"/login"),
				chromedp.WaitVisible(id("email")),
				chromedp.SendKeys(id("email"), "elise@example.org"),
				chromedp.SendKeys(id("password"), "Secret123"),
				chromedp.Click(id("login-submit")),
				chromedp.WaitVisible(id("first_name")), // the profile page
			)
			err = chromedp.Do(ctx,
				login,
				chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
				chromedp.WaitVisible(chromedp.CSS(`header a[href="/login"]`)),
				login,
			)
			if err != nil {
				t.Fatalf("log in, out, in: %v", err)
			}
			checkPage(t, ctx, "2-account")
			err = chromedp.Do(ctx,
				chromedp.Navigate(base+"/account/apikeys"),
				chromedp.WaitVisible(id("name")),
				chromedp.SendKeys(id("name"), "Mon outil SIG"),
				chromedp.Click(id("apikey-submit")),
				chromedp.WaitVisible(id("new-key")),
			)
			if err != nil {
				t.Fatalf("creating a key: %v", err)
			}
			checkPage(t, ctx, "3-apikey")
			key, err := chromedp.Run(ctx, chromedp.Text(id("new-key")))
			if err != nil {
				t.Fatal(err)
			}
			banner, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(".banner") !== null`))
			if err != nil || banner {
				t.Errorf("the unconfirmed banner shows for a confirmed user (%v)", err)
			}
			req, _ := http.NewRequest("GET", base+"/api/1/me/", nil)
			req.Header.Set("X-API-KEY", strings.TrimSpace(key))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var me struct{ Email, First_name string }
			json.NewDecoder(res.Body).Decode(&me)
			if res.StatusCode != 200 || me.Email != "elise@example.org" || me.First_name != "Élise" {
				t.Fatalf("GET /api/1/me/ with the key: %d %+v", res.StatusCode, me)
			}
			// A password change shows what keeps access without the password.
			err = chromedp.Do(ctx,
				chromedp.Navigate(base+"/account/password"),
				chromedp.WaitVisible(id("current_password")),
				chromedp.SendKeys(id("current_password"), "Secret123"),
				chromedp.SendKeys(id("password"), "NewSecret456"),
				chromedp.SendKeys(id("password_repeat"), "NewSecret456"),
				chromedp.Click(chromedp.CSS(`form[action="/account/password"] button[type="submit"]`)),
				chromedp.WaitVisible(id("message-title")),
			)
			if err != nil {
				t.Fatalf("changing the password: %v", err)
			}
			checkPage(t, ctx, "4-password-changed")
			if main, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(main, "Mon outil SIG") {
				t.Errorf("the page after a password change does not show the remaining key: %q", main)
			}
		})
	}
}

package mail_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/smtptest"
)

var ctx = context.Background()

func composer(t *testing.T) *mail.Composer {
	t.Helper()
	c, err := mail.NewComposer("Portail", "https://portail.example", "support@portail.example")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestComposeEveryKind(t *testing.T) {
	c := composer(t)
	kinds := []mail.Kind{mail.ConfirmSignup, mail.AlreadyRegistered, mail.ResetPassword, mail.ConfirmEmailChange,
		mail.EmailChanged, mail.PasswordChanged, mail.PasswordReset, mail.AccountDeleted}
	withLink := map[mail.Kind]bool{mail.ConfirmSignup: true, mail.AlreadyRegistered: true, mail.ResetPassword: true,
		mail.ConfirmEmailChange: true}
	for _, lang := range []string{"fr", "en"} {
		subjects := map[string]bool{}
		for _, k := range kinds {
			d := mail.Data{Name: "<script>Zoé</script>", Link: "https://portail.example/confirm?token=abc_DEF-1",
				OtherLink: "https://portail.example/password/forgot", Email: "new@example.org", Expires: 48 * time.Hour}
			m, err := c.Compose(lang, k, "zoe@example.org", d)
			if err != nil {
				t.Fatalf("%s %s: %v", lang, k, err)
			}
			if m.To != "zoe@example.org" || m.Subject == "" || subjects[m.Subject] {
				t.Errorf("%s %s: subject %q (empty or reused)", lang, k, m.Subject)
			}
			subjects[m.Subject] = true
			if withLink[k] && (!strings.Contains(m.Text, "\n"+d.Link+"\n") || !strings.Contains(m.HTML, d.Link)) {
				t.Errorf("%s %s: link missing on its own line:\n%s", lang, k, m.Text)
			}
			if strings.Contains(m.HTML, "<script>") || !strings.Contains(m.HTML, "&lt;script&gt;") {
				t.Errorf("%s %s: name not escaped in HTML", lang, k)
			}
			if !strings.Contains(m.Text, "<script>Zoé</script>") {
				t.Errorf("%s %s: text part escaped or lost the name", lang, k)
			}
		}
	}
	fr, _ := c.Compose("fr", mail.ConfirmSignup, "a@b.fr", mail.Data{Expires: 48 * time.Hour})
	de, _ := c.Compose("de", mail.ConfirmSignup, "a@b.fr", mail.Data{Expires: 48 * time.Hour})
	en, _ := c.Compose("en", mail.ConfirmSignup, "a@b.fr", mail.Data{Expires: time.Hour})
	if fr.Subject != de.Subject || fr.Subject == en.Subject {
		t.Errorf("language fallback: fr %q, de %q, en %q", fr.Subject, de.Subject, en.Subject)
	}
	if !strings.Contains(fr.Text, "48 heures") || !strings.Contains(en.Text, "1 hour") {
		t.Errorf("durations: %q / %q", fr.Text, en.Text)
	}
}

func message(t *testing.T) mail.Message {
	m, err := composer(t).Compose("fr", mail.ResetPassword, "élise@example.org",
		mail.Data{Name: "Élise", Link: "https://portail.example/password/reset?token=xyz", Expires: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	m.To = "elise@example.org"
	return m
}

func TestSMTPSender(t *testing.T) {
	srv := smtptest.Start(t)
	s, err := mail.NewSMTPSender(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none",
		From: "Portail <no-reply@portail.example>"})
	if err != nil {
		t.Fatal(err)
	}
	m := message(t)
	if err := s.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1, 5*time.Second)[0]
	if got.From != "no-reply@portail.example" || len(got.To) != 1 || got.To[0] != "elise@example.org" {
		t.Fatalf("envelope: %q -> %v", got.From, got.To)
	}
	p, err := smtptest.Parse(got.Data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != m.Subject || !strings.Contains(p.Subject, "Réinitialisation") {
		t.Errorf("subject %q, want %q", p.Subject, m.Subject)
	}
	if !strings.Contains(p.Text, "https://portail.example/password/reset?token=xyz") || !strings.Contains(p.HTML, "token=xyz") {
		t.Errorf("link missing: %s", p.Text)
	}
	if p.Header.Get("Message-Id") == "" || p.Header.Get("Date") == "" {
		t.Errorf("headers: %v", p.Header)
	}
}

func TestSMTPSenderReportsRefusal(t *testing.T) {
	srv := smtptest.Start(t)
	srv.RejectRcpt = true
	s, _ := mail.NewSMTPSender(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none", From: "a@portail.example"})
	if err := s.Send(ctx, message(t)); err == nil {
		t.Fatal("refused recipient: no error")
	}
}

func TestSMTPStartTLSRequired(t *testing.T) {
	srv := smtptest.Start(t) // offers no STARTTLS
	s, _ := mail.NewSMTPSender(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "starttls", From: "a@portail.example"})
	if err := s.Send(ctx, message(t)); err == nil {
		t.Fatal("sent in clear text although STARTTLS is required")
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("message delivered without TLS")
	}
}

func TestNewSMTPSenderChecksConfig(t *testing.T) {
	for _, c := range []mail.SMTPConfig{
		{From: "a@b.fr"},
		{Host: "h", From: "not an address"},
		{Host: "h", From: "a@b.fr", TLS: "maybe"},
	} {
		if _, err := mail.NewSMTPSender(c); err == nil {
			t.Errorf("config %+v accepted", c)
		}
	}
}

func TestFileSender(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	f := &mail.FileSender{Dir: dir, From: "no-reply@portail.example"}
	m := message(t)
	if err := f.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := f.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 2 {
		t.Fatalf("%d files, want 2", len(files))
	}
	raw, _ := os.ReadFile(files[0])
	p, err := smtptest.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != m.Subject || !strings.Contains(p.Text, "token=xyz") || !strings.Contains(p.Header.Get("To"), m.To) {
		t.Fatalf("outbox file: %q %s", p.Subject, p.Text)
	}
}

func TestWorkerSends(t *testing.T) {
	dir := t.TempDir()
	w := &mail.Worker{Sender: &mail.FileSender{Dir: dir, From: "no-reply@portail.example"}}
	job := &river.Job[mail.SendArgs]{Args: mail.SendArgs{Message: message(t)}}
	if err := w.Work(ctx, job); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.eml")); len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	bad := &mail.Worker{Sender: &mail.FileSender{Dir: dir, From: "not an address"}}
	if err := bad.Work(ctx, job); err == nil {
		t.Fatal("a failing sender did not fail the job")
	}
}

func TestSMTPStartTLS(t *testing.T) {
	srv := smtptest.StartTLS(t)
	s, err := mail.NewSMTPSender(mail.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "starttls",
		From: "no-reply@portail.example", InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, message(t)); err != nil {
		t.Fatal(err)
	}
	if got := srv.Wait(t, 1, 5*time.Second)[0]; !got.TLS || got.To[0] != "elise@example.org" {
		t.Fatalf("delivered over TLS: %v, to %v", got.TLS, got.To)
	}
}

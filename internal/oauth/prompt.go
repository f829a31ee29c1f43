package oauth

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/errs"
)

// What a client may ask of the sign-in at /oauth/authorize (OpenID Connect
// Core §3.1.2.1). login and max_age ask for a recent password, so that an
// unattended browser's open session cannot approve; consent asks for the
// consent screen even when it would be skipped; none asks for no screen at
// all, and gets an error instead of one.
const (
	PromptNone    = oidc.PromptNone
	PromptLogin   = oidc.PromptLogin
	PromptConsent = oidc.PromptConsent
)

// Errors of the consent step.
var (
	ErrLoginRequired = errs.New(errs.ErrForbidden, "", "oauth: the application asks for a more recent sign-in")
	ErrUnconfirmed   = account.ErrUnconfirmed // the same refusal as for API keys and organizations
)

// maxMaxAge bounds max_age (seconds) so that it fits a time.Duration.
const maxMaxAge = 1 << 31

// loginAfter returns the earliest sign-in a request made at now accepts:
// now for prompt=login, now - max_age for max_age, zero when any will do.
func loginAfter(req *oidc.AuthRequest, now time.Time) time.Time {
	if slices.Contains(req.Prompt, PromptLogin) {
		return now
	}
	if req.MaxAge == nil {
		return time.Time{}
	}
	return now.Add(-time.Duration(min(*req.MaxAge, maxMaxAge)) * time.Second)
}

// Prompts reports whether the client sent prompt p.
func (r AuthRequest) Prompts(p string) bool { return slices.Contains(r.Prompt, p) }

// FreshEnough reports whether a session opened at loggedIn (its creation,
// when the password was typed) satisfies the client's max_age and
// prompt=login. The limit is fixed when the request is made, so a sign-in
// during the request always satisfies it and cannot be asked again.
func (r AuthRequest) FreshEnough(loggedIn time.Time) bool {
	return r.LoginAfter.IsZero() || (!loggedIn.IsZero() && !loggedIn.Before(r.LoginAfter))
}

// Next is what the consent page does with a pending request.
type Next int

const (
	NextApprove Next = iota // approve at once: consent given before, or a trusted client
	NextConsent             // show the consent screen
	NextLogin               // sign in, or again: no session, or one older than the client accepts
	NextConfirm             // the account's e-mail address must be confirmed first
)

// silentError is the error, and its description, that prompt=none
// answers instead of showing step n.
func (n Next) silentError() (code, description string) {
	switch n {
	case NextLogin:
		return "login_required", "the user must sign in"
	case NextConsent:
		return "consent_required", "the user must approve this application"
	}
	return "interaction_required", "the user must confirm their e-mail address"
}

// Step decides what the consent page does with request id for u, whose
// session opened at loggedIn; u is the zero User when nobody is signed in.
func (s *Service) Step(ctx context.Context, u account.User, loggedIn time.Time, id string) (Authorization, Next, error) {
	a, err := s.Pending(ctx, u, id)
	switch {
	case err != nil:
		return a, 0, err
	case u.ID == "" || !a.Request.FreshEnough(loggedIn):
		return a, NextLogin, nil
	case !u.Confirmed():
		return a, NextConfirm, nil
	}
	need, err := s.NeedsConsent(ctx, u, a)
	if need {
		return a, NextConsent, err
	}
	return a, NextApprove, err
}

// NeedsLogin reports whether request id, still pending, asks for a sign-in
// more recent than loggedIn: the login page then asks for the password even
// though a session is open.
func (s *Service) NeedsLogin(ctx context.Context, id string, loggedIn time.Time) bool {
	a, err := s.Pending(ctx, account.User{}, id)
	return err == nil && !a.Request.FreshEnough(loggedIn)
}

// Refuse ends a prompt=none request that would need step n, and returns
// where to send the browser: back to the client with n's error.
func (s *Service) Refuse(ctx context.Context, u account.User, id string, n Next) (string, error) {
	a, err := s.Pending(ctx, u, id)
	if err != nil {
		return "", err
	}
	if !a.Request.Prompts(PromptNone) || n == NextApprove {
		return "", errors.New("oauth: only prompt=none requests are refused for wanting a screen")
	}
	code, description := n.silentError()
	return s.answerNo(ctx, a, code, description)
}

// checkApproval holds the rules a yes must meet whatever the path to it: a
// confirmed address, for trusted and known clients too, and a sign-in as
// recent as the client asked.
func checkApproval(u account.User, r AuthRequest, loggedIn time.Time) error {
	if !u.Confirmed() {
		return ErrUnconfirmed
	}
	if !r.FreshEnough(loggedIn) {
		return ErrLoginRequired
	}
	return nil
}

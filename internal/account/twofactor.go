package account

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/validate"
)

// Two-factor sign-in: a TOTP app (RFC 6238, 6 digits every 30 seconds) or
// one of ten single-use recovery codes, asked after the password.
var (
	ErrTwoFactorOn  = errs.New(errs.ErrConflict, "twofactor.already_on", "two-factor sign-in is already on")
	ErrTwoFactorOff = errs.New(errs.ErrConflict, "twofactor.off", "two-factor sign-in is not on")
	// ErrSecondStepExpired is a second step whose first (the password) is
	// unknown, used or too old: the sign-in starts again.
	ErrSecondStepExpired = errs.New(errs.ErrUnauthenticated, "twofactor.expired", "sign in again")
)

// RecoveryCodes is how many recovery codes an enrolment gets.
const RecoveryCodes = 10

const totpPeriod = 30

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Enrolment is what a TOTP app needs: the secret, and the otpauth:// URL
// that a QR code carries.
type Enrolment struct {
	Secret string
	URL    string
}

// TwoFactor reports whether u signs in with a second factor, and how many
// unused recovery codes they have left.
func (s *Service) TwoFactor(ctx context.Context, u User) (on bool, codesLeft int, err error) {
	t, err := s.store.totpOf(ctx, u.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && t.ConfirmedAt.IsZero()) {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, err
	}
	n, err := s.store.recoveryCodesLeft(ctx, u.ID)
	return true, n, err
}

// StartTwoFactor makes a new secret for u, unconfirmed until ConfirmTwoFactor
// gets a code of it. Starting again replaces an unconfirmed secret.
func (s *Service) StartTwoFactor(ctx context.Context, u User) (Enrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: s.issuer(), AccountName: u.Email})
	if err != nil {
		return Enrolment{}, err
	}
	sealed, err := s.seal(key.Secret())
	if err != nil {
		return Enrolment{}, err
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.startTOTP(ctx, u.ID, sealed, s.now())
		if err == nil && !ok {
			err = ErrTwoFactorOn
		}
		return err
	})
	return Enrolment{Secret: key.Secret(), URL: key.URL()}, err
}

// PendingTwoFactor is u's started and unconfirmed enrolment, shown again
// when its first code was wrong.
func (s *Service) PendingTwoFactor(ctx context.Context, u User) (Enrolment, error) {
	t, err := s.store.totpOf(ctx, u.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && !t.ConfirmedAt.IsZero()) {
		return Enrolment{}, ErrTwoFactorOff
	}
	if err != nil {
		return Enrolment{}, err
	}
	secret, err := s.unseal(t.Sealed)
	if err != nil {
		return Enrolment{}, err
	}
	raw, err := b32.DecodeString(secret)
	if err != nil {
		return Enrolment{}, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: s.issuer(), AccountName: u.Email, Secret: raw})
	if err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: secret, URL: key.URL()}, nil
}

// ConfirmTwoFactor turns two-factor sign-in on for u with a first code of
// the started enrolment, and returns the recovery codes, shown this once.
// Codes count against the login limit, as passwords do.
func (s *Service) ConfirmTwoFactor(ctx context.Context, u User, code string, m Meta) ([]string, error) {
	var codes []string
	err := s.withCodeLimit(ctx, u, m, func() error {
		return s.store.InTx(ctx, func(tx Tx) error {
			var err error
			codes, err = s.confirmTOTP(ctx, tx, u, code, m)
			return err
		})
	})
	return codes, err
}

// confirmTOTP checks code against u's unconfirmed secret and, when right,
// confirms the enrolment and makes its recovery codes, in tx.
func (s *Service) confirmTOTP(ctx context.Context, tx Tx, u User, code string, m Meta) ([]string, error) {
	t, err := tx.totpOf(ctx, u.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && !t.ConfirmedAt.IsZero()) {
		return nil, ErrTwoFactorOff
	}
	if err != nil {
		return nil, err
	}
	step, ok, err := s.matchTOTP(t.Sealed, code)
	if err != nil || !ok {
		return nil, errors.Join(err, wrongCode(ok))
	}
	if ok, err := tx.useStep(ctx, u.ID, step, true, s.now()); err != nil || !ok {
		return nil, errors.Join(err, wrongCode(ok))
	}
	codes := make([]string, RecoveryCodes)
	hashes := make([]string, RecoveryCodes)
	for i := range codes {
		codes[i] = newRecoveryCode()
		hashes[i] = s.hash(normalizeCode(codes[i]))
	}
	if err := tx.addRecoveryCodes(ctx, u.ID, hashes); err != nil {
		return nil, err
	}
	return codes, s.log(ctx, tx, EventTwoFactorOn, u.ID, u.ID, m, "")
}

// DisableTwoFactor turns two-factor sign-in off for u: it needs the
// password and a code (or a recovery code), so an open session is not
// enough to weaken the account.
func (s *Service) DisableTwoFactor(ctx context.Context, u User, password, code string, m Meta) error {
	if err := s.checkPassword(ctx, u, password, m); err != nil {
		return err
	}
	return s.withCodeLimit(ctx, u, m, func() error {
		return s.store.InTx(ctx, func(tx Tx) error {
			if err := s.useCode(ctx, tx, u, code); err != nil {
				return err
			}
			ok, err := tx.removeTwoFactor(ctx, u.ID)
			if err == nil && !ok {
				err = ErrTwoFactorOff
			}
			if err != nil {
				return err
			}
			return s.log(ctx, tx, EventTwoFactorOff, u.ID, u.ID, m, "")
		})
	})
}

// checkSecondFactor spends a code of u's second factor, when u has one,
// before a sensitive action; an account without one needs none.
func (s *Service) checkSecondFactor(ctx context.Context, u User, code string, m Meta) error {
	if on, _, err := s.TwoFactor(ctx, u); err != nil || !on {
		return err
	}
	if code == "" {
		return validate.Field("code", "required")
	}
	return s.withCodeLimit(ctx, u, m, func() error {
		return s.store.InTx(ctx, func(tx Tx) error { return s.useCode(ctx, tx, u, code) })
	})
}

// withCodeLimit runs try as one login attempt of u: counted, per account
// and per IP, before the code is checked, and given back when right.
func (s *Service) withCodeLimit(ctx context.Context, u User, m Meta, try func() error) error {
	refund, err := s.reserve(ctx, limitCheck{"login:acct:" + u.Email, s.cfg.Limits.LoginAccount},
		limitCheck{ipKey("login", m.IP), s.cfg.Limits.LoginIP})
	if err != nil {
		return err
	}
	if err := try(); err != nil {
		return err
	}
	return refund(ctx)
}

// useCode spends code, a TOTP code or a recovery code of u's confirmed
// enrolment, in tx; a wrong or already used code is a problem on "code".
func (s *Service) useCode(ctx context.Context, tx Tx, u User, code string) error {
	t, err := tx.totpOf(ctx, u.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && t.ConfirmedAt.IsZero()) {
		return ErrTwoFactorOff
	}
	if err != nil {
		return err
	}
	now := s.now()
	if c := normalizeCode(code); len(c) == recoveryLen {
		ok, err := tx.useRecoveryCode(ctx, u.ID, s.hash(c), now)
		return errors.Join(err, wrongCode(ok || err != nil))
	}
	step, ok, err := s.matchTOTP(t.Sealed, code)
	if err != nil || !ok {
		return errors.Join(err, wrongCode(ok))
	}
	ok, err = tx.useStep(ctx, u.ID, step, false, now)
	return errors.Join(err, wrongCode(ok || err != nil))
}

func wrongCode(ok bool) error {
	if ok {
		return nil
	}
	return validate.Field("code", "twofactor.wrong")
}

// matchTOTP finds the time step of code for the sealed secret: the current
// one or either neighbour, for clocks a little off.
func (s *Service) matchTOTP(sealed, code string) (int64, bool, error) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 {
		return 0, false, nil
	}
	secret, err := s.unseal(sealed)
	if err != nil {
		return 0, false, err
	}
	now := s.now()
	for _, d := range []int64{0, -1, 1} {
		at := now.Add(time.Duration(d*totpPeriod) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: totpPeriod,
			Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, false, err
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return at.Unix() / totpPeriod, true, nil
		}
	}
	return 0, false, nil
}

func (s *Service) issuer() string {
	if s.cfg.Issuer != "" {
		return s.cfg.Issuer
	}
	return "socle"
}

// Recovery codes: 10 characters of base32 (50 bits), shown as two groups.
const recoveryLen = 10

func newRecoveryCode() string {
	b := make([]byte, 7)
	if _, err := rand.Read(b); err != nil {
		panic("account: no randomness: " + err.Error())
	}
	c := strings.ToLower(b32.EncodeToString(b)[:recoveryLen])
	return c[:5] + "-" + c[5:]
}

// normalizeCode forgives case, spaces and hyphens in a typed code.
func normalizeCode(c string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(c))
}

package account

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
)

// seal encrypts a secret the server must read back (a TOTP key, which
// cannot be stored as a hash) with AES-256-GCM under a key derived from the
// portal's secret key: a copy of the database alone does not give the
// second factor away.
func (s *Service) seal(plain string) (string, error) {
	aead, err := s.sealer()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.RawStdEncoding.EncodeToString(aead.Seal(nonce, nonce, []byte(plain), nil)), nil
}

func (s *Service) unseal(sealed string) (string, error) {
	aead, err := s.sealer()
	if err != nil {
		return "", err
	}
	b, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil || len(b) < aead.NonceSize() {
		return "", errors.New("account: unreadable sealed secret")
	}
	plain, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], nil)
	if err != nil {
		return "", errors.New("account: sealed under another secret key")
	}
	return string(plain), nil
}

func (s *Service) sealer() (cipher.AEAD, error) {
	m := hmac.New(sha256.New, s.cfg.SecretKey)
	m.Write([]byte("socle totp seal"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

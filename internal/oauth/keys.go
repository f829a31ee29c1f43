package oauth

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// NewSigningKeyPEM makes an RSA key for signing ID tokens. The app keeps it
// in the database so every instance signs with the same key.
func NewSigningKeyPEM() (string, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
}

// signer is the ID token signing key, implementing op.SigningKey and op.Key.
type signer struct {
	key *rsa.PrivateKey
	id  string
}

func parseSigner(p string) (signer, error) {
	b, _ := pem.Decode([]byte(strings.TrimSpace(p)))
	if b == nil {
		return signer{}, errors.New("oauth: signing key: no PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return signer{}, fmt.Errorf("oauth: signing key: %w", err)
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return signer{}, errors.New("oauth: signing key: not RSA")
	}
	pub, err := x509.MarshalPKIXPublicKey(&rk.PublicKey)
	if err != nil {
		return signer{}, err
	}
	sum := sha256.Sum256(pub)
	return signer{key: rk, id: hex.EncodeToString(sum[:8])}, nil
}

func (s signer) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (s signer) Algorithm() jose.SignatureAlgorithm          { return jose.RS256 }
func (s signer) ID() string                                  { return s.id }
func (s signer) Use() string                                 { return "sig" }

// publicKey is the signer as the JWKS shows it.
type publicKey struct{ signer }

func (p publicKey) Key() any { return &p.key.PublicKey }

func (s signer) Key() any { return s.key }

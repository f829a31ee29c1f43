package account

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// newSecret returns n random bytes, URL-safe encoded: the plaintext of
// session cookies, e-mailed links and API keys.
func newSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("account: no randomness: " + err.Error()) // the OS RNG never fails on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewID returns an id in udata's shape: 24 lowercase hex characters.
func NewID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic("account: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// NewUUID returns a random (version 4) UUID, the shape of udata's token ids.
func NewUUID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("account: no randomness: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// keyedHash is what is stored for every secret: an HMAC under the portal's
// secret key, so a copy of the database alone cannot even test guesses.
func keyedHash(key []byte, secret string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(secret))
	return hex.EncodeToString(m.Sum(nil))
}

// APIKeyPrefix starts every plaintext API key so that leaked keys are easy to
// recognize (secret scanners) and users can tell keys apart.
const APIKeyPrefix = "socle_"

func looksLikeAPIKey(s string) bool {
	return strings.HasPrefix(s, APIKeyPrefix) && len(s) > len(APIKeyPrefix)+20 && len(s) < 200
}

package web

import "github.com/socle-portal/socle/internal/i18n"

// translate returns key's text in lang, from the one catalog of socle's
// texts (internal/i18n); a missing key shows as itself.
func translate(lang, key string) string { return i18n.Text(lang, key) }

package web

import "strings"

// deviceLabel names a browser and system from a User-Agent, enough for a
// person to recognize their own devices in the sessions list.
func deviceLabel(ua string) string {
	if ua == "" {
		return "?"
	}
	browser := firstMatch(ua, [][2]string{{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"},
		{"Chromium/", "Chromium"}, {"HeadlessChrome/", "Chrome (headless)"}, {"Chrome/", "Chrome"},
		{"Safari/", "Safari"}, {"curl/", "curl"}, {"Go-http-client", "Go"}, {"python-requests", "Python"}})
	system := firstMatch(ua, [][2]string{{"Android", "Android"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"},
		{"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"}})
	switch {
	case browser != "" && system != "":
		return browser + " · " + system
	case browser != "":
		return browser
	case system != "":
		return system
	}
	if len(ua) > 40 {
		return ua[:40] + "…"
	}
	return ua
}

func firstMatch(ua string, table [][2]string) string {
	for _, e := range table {
		if strings.Contains(ua, e[0]) {
			return e[1]
		}
	}
	return ""
}

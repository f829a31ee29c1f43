package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// result is what wrk measured for one scenario.
type result struct {
	rps      float64
	p99      time.Duration // -1: none answered within wrk's 2 s
	non2xx   int
	errors   string
	timeouts int // requests wrk gave up on after 2 s: the p99 is beyond that
}

// luaScript makes wrk request paths in turn; each wrk thread walks the
// list from its own start so that two threads do not ask the same thing
// at the same moment.
func luaScript(paths []string) string {
	var b strings.Builder
	b.WriteString("local paths = {\n")
	for _, p := range paths {
		b.WriteString("  " + strconv.Quote(p) + ",\n")
	}
	b.WriteString(`}
local i = 0
function setup(thread)
  thread:set("first", math.random(#paths))
end
function init(args)
  i = first or 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
`)
	return b.String()
}

// runWrk runs wrk against base over paths and parses its report.
func runWrk(ctx context.Context, o options, dir, name, base string, paths []string) (result, error) {
	script := filepath.Join(dir, name+".lua")
	if err := os.WriteFile(script, []byte(luaScript(paths)), 0o644); err != nil {
		return result{}, err
	}
	cmd := exec.CommandContext(ctx, "wrk", "-t"+strconv.Itoa(o.threads), "-c"+strconv.Itoa(o.conns),
		"-d"+o.duration.String(), "--latency", "-s", script, base)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk %s: %w\n%s", name, err, out)
	}
	return parseWrk(out)
}

func parseWrk(out []byte) (result, error) {
	var r result
	inDist := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
		case f[0] == "Latency" && len(f) >= 2 && f[1] == "Distribution":
			inDist = true
		case inDist && f[0] == "99%" && len(f) == 2:
			d, err := time.ParseDuration(f[1])
			if err != nil {
				return r, fmt.Errorf("wrk p99 %q: %w", f[1], err)
			}
			r.p99 = d
		case f[0] == "Requests/sec:" && len(f) == 2:
			r.rps, _ = strconv.ParseFloat(f[1], 64)
		case f[0] == "Non-2xx":
			r.non2xx, _ = strconv.Atoi(f[len(f)-1])
		case f[0] == "Socket" && len(f) > 2 && f[1] == "errors:":
			r.errors = strings.Join(f[2:], " ")
			r.timeouts, _ = strconv.Atoi(f[len(f)-1])
		}
	}
	if !bytes.Contains(out, []byte("Requests/sec:")) {
		return r, fmt.Errorf("wrk printed no rate:\n%s", out)
	}
	if r.rps == 0 || r.timeouts > 0 {
		r.p99 = -1 // wrk's latencies leave out the requests it gave up on
	}
	return r, nil
}

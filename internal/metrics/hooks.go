package metrics

import (
	"context"
	"net/http"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/socle-portal/socle/internal/mail"
)

// Middleware records each request served by next. route names the pattern
// that served r; it is called after next, once the muxes have matched.
func (m *Metrics) Middleware(next http.Handler, route func(*http.Request) string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &StatusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		m.Request(route(r), r.Method, sw.Status(), time.Since(start))
	})
}

// StatusWriter remembers the status a handler answered, for the logs and
// the metrics.
type StatusWriter struct {
	http.ResponseWriter
	status int
}

func (s *StatusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *StatusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Status is the status answered: 200 when the handler chose none, as
// net/http then answers.
func (s *StatusWriter) Status() int {
	if s.status == 0 {
		return http.StatusOK
	}
	return s.status
}

// Unwrap lets http.ResponseController reach the connection (flushes,
// deadlines of long uploads).
func (s *StatusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Sender counts the e-mails next sends and fails to send.
func (m *Metrics) Sender(next mail.Sender) mail.Sender { return &sender{next: next, m: m} }

type sender struct {
	next mail.Sender
	m    *Metrics
}

func (s *sender) Send(ctx context.Context, msg mail.Message) error {
	err := s.next.Send(ctx, msg)
	s.m.Mail(err)
	return err
}

// JobMiddleware counts the jobs this instance works, by kind and result.
func (m *Metrics) JobMiddleware() rivertype.WorkerMiddleware { return &jobMiddleware{m: m} }

type jobMiddleware struct {
	river.MiddlewareDefaults
	m *Metrics
}

func (j *jobMiddleware) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	err := doInner(ctx)
	j.m.Job(job.Kind, err)
	return err
}

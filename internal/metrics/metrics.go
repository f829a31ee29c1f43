// Package metrics is what socle tells Prometheus: HTTP requests by route
// pattern and status with their latency, the database pools, the job
// queue, e-mails, login failures and rate-limit refusals. It is served on
// its own listener (--metrics-addr), never on the public one.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds socle's collectors, in a registry of its own so that tests
// and several Apps in one process never share counters.
type Metrics struct {
	reg           *prometheus.Registry
	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	mails         *prometheus.CounterVec
	jobs          *prometheus.CounterVec
	loginFailures prometheus.Counter
	rateLimited   *prometheus.CounterVec
}

// New makes the collectors, with Go's runtime and process metrics.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socle_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status."}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "socle_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"route"}),
		mails: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socle_mails_total",
			Help: "E-mails handed to the SMTP server (or outbox), by result: sent or failed."}, []string{"result"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socle_jobs_total",
			Help: "Jobs worked by this instance, by kind and result: done or failed."}, []string{"kind", "result"}),
		loginFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "socle_login_failures_total",
			Help: "Logins refused for a wrong address or password."}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "socle_rate_limited_total",
			Help: "Requests refused by a rate limit (429), by route pattern."}, []string{"route"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.mails, m.jobs, m.loginFailures, m.rateLimited,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, r := range []string{"sent", "failed"} {
		m.mails.WithLabelValues(r) // shown at 0 before the first e-mail
	}
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// DBPool exports the statistics of a connection pool, named by pool
// ("writer", "reader").
func (m *Metrics) DBPool(pool string, db *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, pool))
}

// Request records one answered request. route is the pattern that served
// it ("GET /api/1/datasets/{dataset}/"), never the raw path, so that the
// number of series stays bounded.
func (m *Metrics) Request(route, method string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(took.Seconds())
	if status == http.StatusTooManyRequests {
		m.rateLimited.WithLabelValues(route).Inc()
	}
}

// LoginFailed records a login refused for its credentials.
func (m *Metrics) LoginFailed() { m.loginFailures.Inc() }

// Mail records an e-mail handed over (err nil) or not.
func (m *Metrics) Mail(err error) {
	m.mails.WithLabelValues(result(err, "sent")).Inc()
}

// Job records a job worked by this instance.
func (m *Metrics) Job(kind string, err error) {
	m.jobs.WithLabelValues(kind, result(err, "done")).Inc()
}

func result(err error, ok string) string {
	if err != nil {
		return "failed"
	}
	return ok
}

// QueueDepth exports, at each scrape, the jobs waiting or running by
// state, as count returns them. The queue lives in the database, so every
// instance reports the same depth.
func (m *Metrics) QueueDepth(count func(ctx context.Context) (map[string]int, error)) {
	m.reg.MustRegister(&queueCollector{count: count, desc: prometheus.NewDesc("socle_jobs_queued",
		"Jobs in the queue (shared by every instance), by state.", []string{"state"}, nil)})
}

type queueCollector struct {
	count func(ctx context.Context) (map[string]int, error)
	desc  *prometheus.Desc
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.count(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for _, state := range QueueStates {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(counts[state]), state)
	}
}

// QueueStates are the states of jobs not yet finished.
var QueueStates = []string{"available", "scheduled", "retryable", "running"}

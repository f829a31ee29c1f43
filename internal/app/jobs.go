package app

import (
	"context"
	"database/sql"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
)

// CleanupArgs is the hourly job that deletes expired sessions, tokens and
// rate-limit windows, and the parts of chunked uploads left unfinished.
type CleanupArgs struct{}

func (CleanupArgs) Kind() string { return "account.cleanup" }

type cleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	accounts *account.Service
	oauth    *oauth.Service
	catalog  *catalog.Service
	db       *sqldb.DB
	// retention is how long an unfinished chunked upload is kept.
	retention time.Duration
}

func (w *cleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	if err := w.accounts.Cleanup(ctx); err != nil {
		return err
	}
	if err := w.oauth.CleanUp(ctx); err != nil {
		return err
	}
	if _, err := w.catalog.PurgeUploads(ctx, w.retention); err != nil {
		return err
	}
	return w.db.Optimize(ctx)
}

// EscalateArgs is the periodic job that sends unanswered membership
// requests to support.
type EscalateArgs struct{}

func (EscalateArgs) Kind() string { return "org.escalate" }

type escalateWorker struct {
	river.WorkerDefaults[EscalateArgs]
	orgs *org.Service
}

func (w *escalateWorker) Work(ctx context.Context, _ *river.Job[EscalateArgs]) error {
	_, err := w.orgs.Escalate(ctx)
	return err
}

// resetWorker sends the password reset links that were asked for.
type resetWorker struct {
	river.WorkerDefaults[account.ResetJob]
	accounts *account.Service
}

func (w *resetWorker) Work(ctx context.Context, j *river.Job[account.ResetJob]) error {
	return w.accounts.SendReset(ctx, j.Args)
}

// DigestArgs is the daily job that e-mails digests of notices.
type DigestArgs struct{}

func (DigestArgs) Kind() string { return "org.digest" }

type digestWorker struct {
	river.WorkerDefaults[DigestArgs]
	orgs *org.Service
}

func (w *digestWorker) Work(ctx context.Context, _ *river.Job[DigestArgs]) error {
	_, err := w.orgs.SendDigests(ctx)
	return err
}

func (a *App) newQueue() (*river.Client[*sql.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &mail.Worker{Sender: a.Mail})
	river.AddWorker(workers, &cleanupWorker{accounts: a.Accounts, oauth: a.OAuth, catalog: a.Catalog, db: a.DB,
		retention: a.cfg.UploadRetention})
	river.AddWorker(workers, &escalateWorker{orgs: a.Orgs})
	river.AddWorker(workers, &digestWorker{orgs: a.Orgs})
	river.AddWorker(workers, &resetWorker{accounts: a.Accounts})
	return river.NewClient(a.DB.RiverDriver(), &river.Config{
		Logger: a.log.With("component", "queue"),
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: 2},
			mail.QueueName:     {MaxWorkers: 4},
		},
		Workers: workers,
		// Counts the jobs this instance works, for /metrics.
		Middleware: []rivertype.Middleware{a.Metrics.JobMiddleware()},
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return CleanupArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return EscalateArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return DigestArgs{}, nil }, nil),
		},
		// Mail jobs carry links with tokens: keep them no longer than needed.
		CompletedJobRetentionPeriod: time.Hour,
		FetchPollInterval:           500 * time.Millisecond,
	})
}

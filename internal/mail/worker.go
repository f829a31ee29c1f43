package mail

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// QueueName is the River queue mail is delivered from.
const QueueName = "mail"

// SendArgs is the job that delivers one message.
type SendArgs struct {
	Message Message `json:"message"`
}

func (SendArgs) Kind() string { return "mail.send" }

func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, MaxAttempts: 20}
}

// Worker delivers queued messages. A failure leaves the job to be retried
// later, so a failing SMTP server delays mail but loses none.
type Worker struct {
	river.WorkerDefaults[SendArgs]
	Sender Sender
}

func (w *Worker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	return w.Sender.Send(ctx, job.Args.Message)
}

func (w *Worker) Timeout(*river.Job[SendArgs]) time.Duration { return time.Minute }

// NextRetry backs off exponentially from 10 seconds up to an hour: 20
// attempts then span about half a day of SMTP outage.
func (w *Worker) NextRetry(job *river.Job[SendArgs]) time.Time {
	d := 10 * time.Second << min(job.Attempt, 9)
	return time.Now().Add(min(d, time.Hour))
}

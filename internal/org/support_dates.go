package org

import "time"

// AskSupportFrom is when the requester of r may send it to support
// (CanAskSupport turns true then).
func (s *Service) AskSupportFrom(r Request) time.Time { return r.CreatedAt.Add(s.support().AskAfter) }

// EscalatesBy is when r reaches support by itself if nobody answers it
// (sooner when the organization's admins are all absent).
func (s *Service) EscalatesBy(r Request) time.Time { return r.CreatedAt.Add(s.support().StaleAfter) }

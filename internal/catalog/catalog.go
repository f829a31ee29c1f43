// Package catalog owns datasets (and, next, their resources and files):
// their fields, who may edit them, their publication and search. It knows
// nothing of HTTP.
package catalog

import (
	"time"
)

// Dataset is a set of data published by an organization or a user.
type Dataset struct {
	ID               string
	Slug             string
	Title            string
	Acronym          string
	Description      string // markdown
	DescriptionShort string
	Tags             []string
	License          string
	Frequency        string
	TemporalStart    time.Time
	TemporalEnd      time.Time
	Zones            []string // directory codes, e.g. "epci:200054781"
	Granularity      string
	Private          bool
	Draft            bool // not published yet: seen only by those who may edit it
	OrgID            string
	OwnerID          string // set when a user owns it, instead of an organization
	CreatedAt        time.Time
	UpdatedAt        time.Time
	PublishedAt      time.Time
	DeletedAt        time.Time
	Extras           string // udata's extras: a JSON object, as sent
	Geom             string // spatial.geom: a GeoJSON geometry, as sent; empty when none

	// Version is raised by the database with every change to what the
	// dataset's API object shows (ObjectVersion); read, never written.
	Version int64
}

// Deleted reports whether the dataset was soft-deleted.
func (d Dataset) Deleted() bool { return !d.DeletedAt.IsZero() }

// Public reports whether anyone may see the dataset.
func (d Dataset) Public() bool { return !d.Private && !d.Draft && !d.Deleted() }

// License is one of the licenses datasets may carry.
type License struct {
	ID, Title, URL, Maintainer string
}

// Licenses are the licenses of the spec, with their ids.
var Licenses = []License{
	{"lov2", "Licence Ouverte / Open Licence version 2.0", "https://www.etalab.gouv.fr/licence-ouverte-open-licence", "Etalab"},
	{"fr-lo", "Licence Ouverte / Open Licence", "https://www.etalab.gouv.fr/licence-ouverte-open-licence", "Etalab"},
	{"odc-odbl", "Open Data Commons Open Database License (ODbL)", "https://opendatacommons.org/licenses/odbl/summary/", "Open Data Commons"},
	{"odc-by", "Open Data Commons Attribution License", "https://opendatacommons.org/licenses/by/summary/", "Open Data Commons"},
	{"odc-pddl", "Open Data Commons Public Domain Dedication and Licence (PDDL)", "https://opendatacommons.org/licenses/pddl/summary/", "Open Data Commons"},
	{"cc-by", "Creative Commons Attribution", "https://creativecommons.org/licenses/by/4.0/", "Creative Commons"},
	{"cc-by-sa", "Creative Commons Attribution Share-Alike", "https://creativecommons.org/licenses/by-sa/4.0/", "Creative Commons"},
	{"cc-zero", "Creative Commons CCZero", "https://creativecommons.org/publicdomain/zero/1.0/", "Creative Commons"},
	{"other-pd", "Other (Public Domain)", "", ""},
	{"other-open", "Other (Open)", "", ""},
	{"other-at", "Other (Attribution)", "", ""},
	{"other-closed", "Other (Not Open)", "", ""},
	{"notspecified", "License Not Specified", "", ""},
}

// Frequencies are the update frequencies of the spec.
var Frequencies = []string{"continuous", "oneMinute", "fiveMinutes", "tenMinutes", "fifteenMinutes",
	"thirtyMinutes", "hourly", "bihourly", "trihourly", "twelveHours", "severalTimesADay", "threeTimesADay",
	"semidaily", "daily", "fiveTimesAWeek", "threeTimesAWeek", "semiweekly", "weekly", "biweekly",
	"threeTimesAMonth", "semimonthly", "monthly", "bimonthly", "quarterly", "threeTimesAYear", "semiannual",
	"annual", "biennial", "triennial", "quadrennial", "quinquennial", "decennial", "bidecennial",
	"tridecennial", "punctual", "irregular", "never", "notPlanned", "other", "unknown"}

// Granularities of spatial coverage.
var Granularities = []string{"other", "country", "fr:region", "fr:departement", "fr:epci", "fr:commune", "poi"}

func known(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func knownLicense(id string) bool {
	for _, l := range Licenses {
		if l.ID == id {
			return true
		}
	}
	return false
}

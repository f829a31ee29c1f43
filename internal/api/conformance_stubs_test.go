package api_test

func udataMembershipTests() []udataCase    { return nil }
func udataPartialEditorTests() []udataCase { return nil }
func udataTransferTests() []udataCase      { return nil }
func udataDatasetTests() []udataCase       { return nil }
func udataResourceTests() []udataCase      { return nil }
func udataInvitationTests() []udataCase    { return nil }

package api_test

func udataPartialEditorTests() []udataCase { return nil }
func udataTransferTests() []udataCase      { return nil }
func udataDatasetTests() []udataCase       { return nil }
func udataResourceTests() []udataCase      { return nil }

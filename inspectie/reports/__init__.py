"""Reports: the frozen data a report prints (:mod:`.data`) and the PDF builder (:mod:`.pdf`)."""

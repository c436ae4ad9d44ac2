"""The Textual chat window over askncpi's search core."""

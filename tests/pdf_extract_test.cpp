// placeholder: filled below

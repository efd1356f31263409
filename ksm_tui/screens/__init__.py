"""One module (+ one .tcss) per screen."""

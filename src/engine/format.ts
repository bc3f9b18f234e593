// Numbers in label values are printed as Go's strconv.FormatFloat(f, 'f', -1, 64).
export { formatGoPlain as formatFloatForLabel } from '../go/strconv.js';

export { Alert, type AlertTone } from './Alert.tsx';
export { Badge, type BadgeTone } from './Badge.tsx';
export { Button, ButtonLink, type ButtonProps } from './Button.tsx';
export { Card } from './Card.tsx';
export { EmptyState } from './EmptyState.tsx';
export { Field, Input, TextArea } from './Field.tsx';
export { Kbd } from './Kbd.tsx';
export { Loading, Spinner } from './Spinner.tsx';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app.tsx';
import './i18n/index.ts';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}

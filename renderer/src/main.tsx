// Renderer entry: installs the window keyboard router (scanner wedge + key scopes), connects the service's
// events to the stores, and mounts the app. Browser only.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installKeyboard } from './lib/keyboard';
import { connectEvents } from './stores/event-routing';
import './styles/app.css';

installKeyboard();
connectEvents();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

/**
 * Entry of the renderer bundle: styles, grid modules, and the app.
 */
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-balham.css';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';
import { App } from './app.js';

ModuleRegistry.registerModules([AllCommunityModule]);

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);

import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, html as litHtml, type ReactiveController } from 'lit';
import { LoadController } from '../../widget/load-controller.ts';
import { deferred } from '../helpers/element.ts';

/** A host that counts update requests, and a task whose runs the test settles one by one. */
function setup<T>() {
  const controllers: ReactiveController[] = [];
  const host = {
    updates: 0,
    addController: (controller: ReactiveController) => void controllers.push(controller),
    removeController: () => {},
    requestUpdate: () => {
      host.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
  const runs: { signal: AbortSignal; answer: ReturnType<typeof deferred<T>> }[] = [];
  const completed: T[] = [];
  const failed: unknown[] = [];
  const load = new LoadController<T>(
    host,
    (signal) => {
      const answer = deferred<T>();
      runs.push({ signal, answer });
      return answer.promise;
    },
    {
      complete: (value) => void completed.push(value),
      error: (error) => void failed.push(error),
    },
  );
  return { host, controllers, load, runs, completed, failed };
}

describe('LoadController', () => {
  it('joins its host and runs nothing until run() is called', () => {
    const { controllers, load, runs, host } = setup<string>();
    expect(controllers).to.deep.equal([load]);
    expect(load.status).to.equal('initial');
    expect(load.value).to.equal(undefined);
    expect(runs).to.have.length(0);
    expect(host.updates).to.equal(0);
  });

  describe('run()', () => {
    it('is pending while the task runs, then complete with its value, handed to complete()', async () => {
      const { load, runs, completed, failed, host } = setup<string>();
      const running = load.run();
      expect(load.status).to.equal('pending');
      expect(host.updates).to.equal(1);
      expect(runs).to.have.length(1);
      expect(runs[0]!.signal.aborted).to.equal(false);
      runs[0]!.answer.resolve('accounts');
      await running;
      expect(load.status).to.equal('complete');
      expect(load.value).to.equal('accounts');
      expect(completed).to.deep.equal(['accounts']);
      expect(failed).to.deep.equal([]);
      expect(host.updates).to.equal(2);
    });

    it('on failure is in error, hands the error to error(), keeps the last good value and still resolves', async () => {
      const { load, runs, completed, failed } = setup<string>();
      const first = load.run();
      runs[0]!.answer.resolve('good');
      await first;
      const second = load.run();
      expect(load.value, 'kept while pending').to.equal('good');
      const problem = new Error('offline');
      runs[1]!.answer.reject(problem);
      await second;
      expect(load.status).to.equal('error');
      expect(load.value).to.equal('good');
      expect(failed).to.deep.equal([problem]);
      expect(completed).to.deep.equal(['good']);
    });

    it('aborts the run still pending and ignores its late answer', async () => {
      const { load, runs, completed, failed } = setup<string>();
      const first = load.run();
      const second = load.run();
      expect(runs[0]!.signal.aborted).to.equal(true);
      expect(runs[1]!.signal.aborted).to.equal(false);
      runs[1]!.answer.resolve('new');
      await second;
      runs[0]!.answer.resolve('old');
      await first;
      expect(load.value).to.equal('new');
      expect(completed).to.deep.equal(['new']);
      expect(failed).to.deep.equal([]);
    });

    it('ignores a late failure of a run that was replaced', async () => {
      const { load, runs, failed } = setup<string>();
      const first = load.run();
      const second = load.run();
      runs[1]!.answer.resolve('new');
      await second;
      runs[0]!.answer.reject(new DOMException('aborted', 'AbortError'));
      await first;
      expect(load.status).to.equal('complete');
      expect(failed).to.deep.equal([]);
    });
  });

  describe('abort()', () => {
    it('stops a pending run, goes back to initial and ignores its answer', async () => {
      const { load, runs, completed } = setup<string>();
      const running = load.run();
      load.abort();
      expect(runs[0]!.signal.aborted).to.equal(true);
      expect(load.status).to.equal('initial');
      runs[0]!.answer.resolve('late');
      await running;
      expect(load.status).to.equal('initial');
      expect(load.value).to.equal(undefined);
      expect(completed).to.deep.equal([]);
    });

    it('leaves a settled run as it was', async () => {
      const { load, runs } = setup<string>();
      const running = load.run();
      runs[0]!.answer.resolve('done');
      await running;
      load.abort();
      expect(load.status).to.equal('complete');
      expect(load.value).to.equal('done');
    });

    it('happens when the host disconnects', () => {
      const { controllers, load, runs } = setup<string>();
      void load.run();
      controllers[0]!.hostDisconnected!();
      expect(runs[0]!.signal.aborted).to.equal(true);
      expect(load.status).to.equal('initial');
    });
  });

  describe('in a Lit element', () => {
    class LoadHost extends LitElement {
      answer = deferred<number>();
      load = new LoadController<number>(this, () => this.answer.promise, { complete: () => {}, error: () => {} });
      protected override render() {
        return litHtml`${this.load.status}:${this.load.value ?? ''}`;
      }
    }
    customElements.define('load-controller-host', LoadHost);

    it('re-renders its host at each step', async () => {
      const el = await fixture<LoadHost>(html`<load-controller-host></load-controller-host>`);
      expect(el.shadowRoot!.textContent).to.equal('initial:');
      const running = el.load.run();
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.equal('pending:');
      el.answer.resolve(42);
      await running;
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.equal('complete:42');
    });

    it('is aborted when its host is removed from the page', async () => {
      const el = await fixture<LoadHost>(html`<load-controller-host></load-controller-host>`);
      void el.load.run();
      el.remove();
      expect(el.load.status).to.equal('initial');
    });
  });
});
